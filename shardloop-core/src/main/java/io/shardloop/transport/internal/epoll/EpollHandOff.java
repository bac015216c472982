package io.shardloop.transport.internal.epoll;

import io.shardloop.transport.internal.io.IoDriver;
import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoOps;
import io.shardloop.transport.internal.io.SocketAdopter;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The cells through which an accepting loop hands sockets to a loop on epoll without waking it (main-sub): the
 * acceptor adds the socket to the owner's epoll set itself, with epoll data naming a cell here that holds the socket,
 * and the owner adopts it when its first event arrives: the request, or the peer's close. A short connection then
 * wakes its owner once (for the request), not twice (a task, then the request), and costs no eventfd write or read.
 * The cell stays taken while the socket is registered, because its events keep carrying that data; a generation
 * per hand-off tells a stale event from the cell's next socket. A client that connects and says nothing sends no
 * event, so the owner also sweeps: cells older than {@link #SWEEP_AGE_NANOS} are adopted without one, and their
 * header timeout starts then (a little late, not never).
 * Thread contract: {@link #claim}, {@link Handed#added} and {@link #withdraw} on the accepting loop's thread (one
 * producer per owner); the rest on the owner's thread.
 */
public final class EpollHandOff {
    static final int CELLS = 4096;
    static final long SWEEP_AGE_NANOS = IoDriver.HAND_OFF_SWEEP_AGE_NANOS;
    /** Epoll data of a handed socket: this bit, the generation above bit 32, the cell below. */
    static final long HANDED = 1L << 62;
    private static final int GENERATION_MASK = (1 << 30) - 1;
    /** Cells tried from the cursor before giving up (the owner then gets the socket as a task). */
    private static final int PROBES = 8;
    /** A cell whose socket was adopted and is registered: taken until the registration ends. */
    private static final Object TAKEN = new Object();

    private final AtomicReferenceArray<Object> cells = new AtomicReferenceArray<>(CELLS);
    private final Consumer<Handed> adopt;
    private final NativeScratch scratch;
    private int cursor;
    private int generations;

    /**
     * {@code adopt} runs on the owner's thread for each hand-off claimed by an event or a sweep, once, with the
     * socket moved to the owner's {@code scratch}.
     */
    EpollHandOff(Consumer<Handed> adopt, NativeScratch scratch) {
        this.adopt = adopt;
        this.scratch = scratch;
    }

    /** Producer: a free cell for {@code socket}, published; null when the cells near the cursor are all taken. */
    Handed claim(EpollStreamSocket socket, SocketAdopter adopter) {
        for (int i = 0; i < PROBES; i++) {
            int cell = cursor;
            cursor = cell + 1 == CELLS ? 0 : cell + 1;
            if (cells.get(cell) == null) { // only the producer fills a free cell
                var h = new Handed(socket, adopter, cell, generations = (generations + 1) & GENERATION_MASK);
                cells.set(cell, h);
                return h;
            }
        }
        return null;
    }

    /** Producer: takes back a hand-off whose epoll_ctl failed (no event can claim it, a sweep skips it). */
    void withdraw(Handed h) {
        cells.compareAndSet(h.cell, h, null);
    }

    /**
     * Owner: the hand-off an event with {@code data} is for, claimed (report it, and its {@link Handed#onReady} adopts
     * it), or null for a stale event (its socket is gone).
     */
    Handed arrived(long data) {
        int cell = (int) data;
        return cells.get(cell) instanceof Handed h && h.generation == generation(data)
                && cells.compareAndSet(cell, h, TAKEN) ? h : null;
    }

    static int generation(long data) {
        return (int) (data >>> 32) & GENERATION_MASK;
    }

    /** The epoll data of a socket handed in through {@code cell}: the mark, the generation, the cell. */
    static long data(int generation, int cell) {
        return HANDED | ((long) (generation & GENERATION_MASK) << 32) | cell;
    }

    /**
     * Owner: adopts (or, stopping, drops) the hand-offs added at least {@code ageNanos} ago; true if younger ones
     * remain for a later sweep.
     */
    boolean sweep(long ageNanos, boolean stopping) {
        long now = System.nanoTime();
        boolean younger = false;
        for (int cell = 0; cell < CELLS; cell++) {
            if (cells.get(cell) instanceof Handed h && h.added) {
                if (now - h.addedNanos < ageNanos) {
                    younger = true;
                } else if (cells.compareAndSet(cell, h, stopping ? null : TAKEN)) {
                    if (stopping) {
                        h.forceClose();
                    } else {
                        h.onReady(IoOps.READ);
                    }
                }
            }
        }
        return younger;
    }

    /** Owner: the socket of {@code cell} is no longer registered (closed): the cell is free again. */
    void release(int cell) {
        cells.set(cell, null);
    }

    /** One socket on its way to the owner; as an {@link IoHandle}, its first event (or a sweep) adopts it. */
    final class Handed implements IoHandle {
        final EpollStreamSocket socket;
        final SocketAdopter adopter;
        final int cell;
        final int generation;
        /** When the socket entered the owner's set; before that no sweep may adopt it. */
        private volatile boolean added;
        private long addedNanos;
        /** Owner: adopted or dropped, once. */
        private boolean done;

        private Handed(EpollStreamSocket socket, SocketAdopter adopter, int cell, int generation) {
            this.socket = socket;
            this.adopter = adopter;
            this.cell = cell;
            this.generation = generation;
        }

        /** The epoll data the socket is added with, and keeps while registered. */
        long data() {
            return EpollHandOff.data(generation, cell);
        }

        /** Producer: the socket is in the owner's set. */
        void added() {
            addedNanos = System.nanoTime();
            added = true;
        }

        @Override
        public void onReady(int readyOps) {
            if (!done) {
                done = true;
                socket.ownedBy(scratch);
                adopt.accept(this);
            }
        }

        @Override
        public void forceClose() {
            if (!done) {
                done = true;
                socket.ownedBy(scratch);
                adopter.drop(socket);
            }
        }
    }
}
