package io.shardloop.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardloop.http.Response;
import io.shardloop.http.app.ShardloopApp;
import io.shardloop.http.router.Router;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * TechEmpower's single-query test: {@code GET /db} reads one random row of the 10,000-row {@code World} table from
 * an embedded H2 database through a HikariCP pool, and answers it as JSON. The JDBC calls block the calling
 * thread (a pool borrow, the query, the return). Thread contract: start and stop on the serving thread; the
 * handler on any thread (the pool is thread-safe).
 */
public final class DbApp implements ShardloopApp {

    static final int ROWS = 10_000;
    /** HikariCP's own default, and what TechEmpower's JDBC entries use per core. */
    static final int POOL = 10;

    private HikariDataSource pool;

    @Override
    public void start() throws SQLException {
        var config = new HikariConfig();
        // a database of this JVM's own, kept while the pool holds connections
        config.setDriverClassName("org.h2.Driver"); // DriverManager does not look into an application's class loader
        config.setJdbcUrl("jdbc:h2:mem:world-" + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(POOL);
        config.setPoolName("db-pool");
        pool = new HikariDataSource(config);
        try (var c = pool.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE TABLE World (id INT PRIMARY KEY, randomNumber INT NOT NULL)");
            try (var insert = c.prepareStatement("INSERT INTO World VALUES (?, ?)")) {
                for (int id = 1; id <= ROWS; id++) {
                    insert.setInt(1, id);
                    insert.setInt(2, 1 + ThreadLocalRandom.current().nextInt(ROWS));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    @Override
    public Router routes() {
        return Router.builder().get("/db", r -> Response.json(query())).build();
    }

    private String query() {
        int id = 1 + ThreadLocalRandom.current().nextInt(ROWS);
        try (var c = pool.getConnection();
             var s = c.prepareStatement("SELECT id, randomNumber FROM World WHERE id = ?")) {
            s.setInt(1, id);
            try (var rs = s.executeQuery()) {
                rs.next();
                return "{\"id\":" + rs.getInt(1) + ",\"randomNumber\":" + rs.getInt(2) + "}";
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e); // answered as 500
        }
    }

    @Override
    public void stop() {
        if (pool != null) {
            pool.close();
        }
    }
}
