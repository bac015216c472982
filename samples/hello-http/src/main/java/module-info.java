module com.example.hello {
    requires io.shardloop.http;
}
