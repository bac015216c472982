package io.shardloop.transport.internal.epoll;

import io.shardloop.nativeio.Libc;
import io.shardloop.transport.internal.io.StreamSocket;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * A connected socket as a file descriptor, read and written with recv(2), send(2) and writev(2) straight from the
 * caller's buffers. The calls use the {@link NativeScratch} of the thread that owns the socket now: the accepting
 * loop's at first, the owning loop's from {@link EpollIoDriver#register} on.
 * Once closed, the socket refuses every call (an {@link IOException}, or nothing for the reset and the close): its
 * number may already be another connection's, opened since by another thread, and a late setsockopt, close or
 * send on it would act on that one.
 * Thread contract: the owning thread only.
 */
public final class EpollStreamSocket implements StreamSocket {
    private final int fd;
    private NativeScratch scratch;
    private boolean closed;
    /** Set while a hand-off adopts it: already in the owner's epoll set, under that hand-off's data. */
    private EpollHandOff.Handed handedIn;

    EpollStreamSocket(int fd, NativeScratch scratch) {
        this.fd = fd;
        this.scratch = scratch;
    }

    public int fd() {
        return fd;
    }

    /** The socket moves to the thread that owns {@code s}. */
    public void ownedBy(NativeScratch s) {
        scratch = s;
    }

    EpollHandOff.Handed handedIn() {
        return handedIn;
    }

    void handedIn(EpollHandOff.Handed h) {
        handedIn = h;
    }

    @Override
    public boolean readsOnOpen() {
        return true;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        refuseClosed("read");
        int pos = dst.position();
        long n = dst.isDirect()
                ? Libc.recvAt(scratch.state, fd, scratch.base(dst) + pos, dst.remaining(), 0)
                : Libc.read(scratch.state, fd, MemorySegment.ofBuffer(dst), dst.remaining());
        if (n > 0) {
            dst.position(pos + (int) n);
            return (int) n;
        }
        if (n == 0) {
            return dst.hasRemaining() ? -1 : 0;
        }
        return wouldBlock("read");
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return send(src, Libc.MSG_NOSIGNAL);
    }

    /**
     * MSG_MORE: the kernel keeps a tail shorter than a segment unsent, and the FIN that the close or shutdown sends
     * right after rides on it (tcp_send_fin) instead of following in a segment of its own, which the peer acknowledges
     * apart: a short connection's segments on loopback, both ways, go from 10 to 8. A tail left behind by a partial
     * write goes out as Nagle sends it, when what is in flight is acknowledged.
     */
    @Override
    public int writeBeforeFin(ByteBuffer src) throws IOException {
        return send(src, Libc.MSG_NOSIGNAL | Libc.MSG_MORE);
    }

    private int send(ByteBuffer src, int flags) throws IOException {
        refuseClosed("send");
        int pos = src.position();
        long n = src.isDirect()
                ? Libc.sendAt(scratch.state, fd, scratch.base(src) + pos, src.remaining(), flags)
                : Libc.send(scratch.state, fd, MemorySegment.ofBuffer(src), src.remaining(), flags);
        if (n >= 0) {
            src.position(pos + (int) n);
            return (int) n;
        }
        return wouldBlock("send");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (length == 1) {
            return write(srcs[offset]);
        }
        int count = Math.min(length, NativeScratch.MAX_IOV);
        for (int i = 0; i < count; i++) {
            var b = srcs[offset + i];
            if (!b.isDirect()) {
                return i == 0 ? write(b) : writeGathered(srcs, offset, i); // an iovec needs a native address
            }
            scratch.iovec(i, b);
        }
        return writeGathered(srcs, offset, count);
    }

    /** writev of {@code srcs[offset .. offset+count)}, whose iovecs are filled in. */
    private long writeGathered(ByteBuffer[] srcs, int offset, int count) throws IOException {
        refuseClosed("writev");
        long n = Libc.writev(scratch.state, fd, scratch.iov, count);
        if (n < 0) {
            return wouldBlock("writev");
        }
        long left = n;
        for (int i = offset; i < offset + count && left > 0; i++) {
            var b = srcs[i];
            int take = (int) Math.min(left, b.remaining());
            b.position(b.position() + take);
            left -= take;
        }
        return n;
    }

    private int wouldBlock(String call) throws IOException {
        int e = scratch.errno();
        if (e == Libc.EAGAIN || e == Libc.EINTR) {
            return 0;
        }
        throw new IOException(call + ": " + Libc.describe(e));
    }

    @Override
    public void shutdownOutput() throws IOException {
        refuseClosed("shutdown");
        if (Libc.shutdown(scratch.state, fd, Libc.SHUT_WR) < 0) {
            throw new IOException("shutdown: " + Libc.describe(scratch.errno()));
        }
    }

    @Override
    public void resetOnClose() {
        if (closed) {
            return;
        }
        Libc.setsockopt(scratch.state, fd, Libc.SOL_SOCKET, Libc.SO_LINGER, scratch.lingerZero, 8);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(scratch.state, fd); // also leaves the epoll set: no epoll_ctl
        }
    }

    /** Whether {@link #close} has run: the descriptor's number is no longer this socket's. */
    public boolean closed() {
        return closed;
    }

    private void refuseClosed(String call) throws IOException {
        if (closed) {
            throw new IOException(call + " on a closed socket (fd " + fd + " may be another's now)");
        }
    }

    @Override
    public String toString() {
        return "EpollStreamSocket[fd=" + fd + "]";
    }
}
