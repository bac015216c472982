import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;

/** Sums requests and errors over `shardloop load --json` result files: prints "REQUESTS ERRORS". Used by soak.sh. */
public class SoakTotals {
    public static void main(String[] args) throws Exception {
        var json = new ObjectMapper();
        long requests = 0;
        long errors = 0;
        for (var file : args) {
            var root = json.readTree(new File(file));
            requests += root.path("requests").asLong();
            errors += root.path("errors").path("total").asLong();
        }
        System.out.println(requests + " " + errors);
    }
}
