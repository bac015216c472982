package com.example.hello;

import io.shardloop.http.Response;
import io.shardloop.http.router.Router;
import io.shardloop.http.server.HttpServer;
import io.shardloop.model.ModelKind;

/** Serves GET /hello/{name} on shared-nothing loops. Argument: the port (0 picks a free one; default 8080). */
public final class Hello {

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        var routes = Router.builder()
                .get("/hello/{name}", r -> Response.text("hello " + r.pathParam("name") + "\n"))
                .build();
        var server = HttpServer.builder()
                .model(ModelKind.SHARED_NOTHING).threads(2).port(port)
                .router(routes)
                .start();
        System.out.println("hello-http listening on port " + server.port() + " (transport " + server.transport() + ")");
    }
}
