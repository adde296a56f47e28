package course.servicea;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;

/** The service's sample data: items made up from their id, and a fixed list of users. */
final class Catalog {
    private static final List<User> USERS = List.of(
            new User(1, "Ada Lovelace", "ada@example.com"),
            new User(2, "Alan Turing", "alan@example.com"),
            new User(3, "Grace Hopper", "grace@example.com"));

    private final String servedBy;
    private final Clock clock;

    Catalog(String servedBy, Clock clock) {
        this.servedBy = servedBy;
        this.clock = clock;
    }

    List<User> users() {
        return USERS;
    }

    /**
     * {@code GET /items/{id}}: any positive whole number is an item. {@code generatedAt} changes on every call,
     * which makes a cached response easy to spot.
     */
    void item(Context ctx) {
        String raw = ctx.pathParam("id");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("item id must be a positive whole number, got '" + raw + "'");
        }
        if (id < 1) {
            throw new IllegalArgumentException("item id must be a positive whole number, got '" + raw + "'");
        }
        long priceInCents = 100 + (id * 37) % 9_900;
        ctx.json(new Item(id, "Item " + id, priceInCents / 100.0, servedBy, clock.instant().toString()));
    }

    record User(int id, String name, String email) {}

    record Item(long id, String name, double price, String servedBy, String generatedAt) {}
}
