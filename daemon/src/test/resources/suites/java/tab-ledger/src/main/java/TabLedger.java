import org.json.JSONArray;
import org.json.JSONObject;

import java.util.Map;
import java.util.TreeMap;

/** A bar tab: who ordered what, answered as JSON documents (a Kerat test suite in the shape of a REST exercise). */
public class TabLedger {
    private final Map<String, Double> totals = new TreeMap<>();

    public String handle(String path, JSONObject body) {
        switch (path) {
            case "/order":
                String guest = body.getString("guest");
                double price = body.getDouble("price") * body.optInt("count", 1);
                totals.merge(guest, price, Double::sum);
                return guestJson(guest).toString();
            case "/tabs":
                JSONArray tabs = new JSONArray();
                for (String g : totals.keySet()) {
                    tabs.put(guestJson(g));
                }
                return new JSONObject().put("tabs", tabs).put("open", !totals.isEmpty()).toString();
            default:
                return new JSONObject().put("error", "no route " + path).toString();
        }
    }

    private JSONObject guestJson(String guest) {
        return new JSONObject().put("guest", guest).put("total", totals.getOrDefault(guest, 0.0));
    }
}
