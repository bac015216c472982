import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;

/**
 * Sums requests and errors over `shardloop load --json` result files: prints "REQUESTS ERRORS TIMEOUTS GARBAGE
 * STATUS" (the last three: requests neither answered nor closed, answers that were not HTTP, answers with a status
 * other than the one wanted). Used by soak.sh.
 */
public class SoakTotals {
    public static void main(String[] args) throws Exception {
        var json = new ObjectMapper();
        long requests = 0;
        long errors = 0;
        long timeouts = 0;
        long garbage = 0;
        long status = 0;
        for (var file : args) {
            var root = json.readTree(new File(file));
            requests += root.path("requests").asLong();
            errors += root.path("errors").path("total").asLong();
            timeouts += root.path("errors").path("timeout").asLong();
            garbage += root.path("errors").path("garbage").asLong();
            status += root.path("errors").path("status").asLong();
        }
        System.out.println(requests + " " + errors + " " + timeouts + " " + garbage + " " + status);
    }
}
