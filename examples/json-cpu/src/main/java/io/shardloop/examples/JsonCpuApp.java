package io.shardloop.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardloop.http.Response;
import io.shardloop.http.app.ShardloopApp;
import io.shardloop.http.router.Router;
import java.util.ArrayList;
import java.util.List;

/**
 * A CPU-bound handler: {@code GET /orders/{id}} builds an order (customer, addresses, twelve line items) and
 * serialises it with Jackson, about 2 KB of JSON per request. Nothing blocks; all the time is CPU.
 * Thread contract: the handler runs on whichever thread the model gives it; the mapper is thread-safe.
 */
public final class JsonCpuApp implements ShardloopApp {

    record Address(String street, String city, String postcode, String country) {
    }

    record Customer(long id, String name, String email, Address billing, Address shipping, List<String> tags) {
    }

    record Item(String sku, String title, int quantity, long priceCents, double weightKg, List<String> options) {
    }

    record Order(long id, String status, String createdAt, Customer customer, List<Item> items, long totalCents,
                 String currency, String note) {
    }

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Router routes() {
        return Router.builder()
                .get("/orders/{id}", r -> Response.bytes(200, "application/json", json(order(parse(r.pathParam("id"))))))
                .build();
    }

    private byte[] json(Order order) {
        try {
            return mapper.writeValueAsBytes(order);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e); // answered as 500
        }
    }

    private static long parse(String id) {
        return Long.parseLong(id); // not a number: 500, which advise counts as errors
    }

    /** A fresh object graph per request, as a service that maps rows to objects would make. */
    static Order order(long id) {
        var home = new Address(id + " Harbour Street", "Leith", "EH6 6" + (id % 10) + "QT", "United Kingdom");
        var work = new Address("7 Quay Road", "Glasgow", "G3 8" + (id % 10) + "AA", "United Kingdom");
        var customer = new Customer(id * 31, "Customer " + id, "customer" + id + "@example.com", home, work,
                List.of("loyal", "newsletter", "tier-" + (id % 3)));
        var items = new ArrayList<Item>();
        long total = 0;
        for (int i = 0; i < 12; i++) {
            var item = new Item("SKU-" + (id + i) + "-" + i, "Product number " + i + " for order " + id, 1 + i % 3,
                    199 + 37L * i, 0.25 * (i + 1), List.of("colour:" + (i % 2 == 0 ? "blue" : "red"), "size:M"));
            total += item.priceCents() * item.quantity();
            items.add(item);
        }
        return new Order(id, "paid", "2026-12-01T15:20:00Z", customer, items, total, "GBP", "leave at the door");
    }
}
