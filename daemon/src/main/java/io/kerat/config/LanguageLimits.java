package io.kerat.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the per-language limit overrides ({@code languages.<id>.<run|compile>.<default|max>.*} in kerat.yaml,
 * {@code KERAT_LANG_<ID>_<RUN|COMPILE>_<DEFAULT|MAX>_*} in the environment) on top of the global stage limits.
 */
final class LanguageLimits {
    private LanguageLimits() {
    }

    /** Language -> "run"/"compile" -> limits, each stage's fields not given falling back to the global ones. */
    static Map<String, Map<String, StageLimits>> read(SettingsReader r, Map<String, String> env, Limits runD,
                                                      Limits runM, Limits compD, Limits compM) {
        Map<String, Map<String, StageLimits>> perLanguage = new TreeMap<>();
        for (String key : env.keySet()) {
            if (key.startsWith("KERAT_LANG_")) {
                String rest = key.substring("KERAT_LANG_".length());
                int cut = rest.indexOf("_RUN_") >= 0 ? rest.indexOf("_RUN_") : rest.indexOf("_COMPILE_");
                if (cut <= 0) {
                    throw new ConfigException(ConfigFile.name(key) + ": unknown key");
                }
                String lang = rest.substring(0, cut).toLowerCase(Locale.ROOT);
                if (perLanguage.containsKey(lang)) {
                    continue;
                }
                Map<String, StageLimits> stages = new LinkedHashMap<>();
                String p = "LANG_" + rest.substring(0, cut) + "_";
                stages.put("run", new StageLimits(r.limits(p + "RUN_DEFAULT", runD), r.limits(p + "RUN_MAX", runM)));
                stages.put("compile", new StageLimits(r.limits(p + "COMPILE_DEFAULT", compD), r.limits(p + "COMPILE_MAX", compM)));
                perLanguage.put(lang, stages);
            }
        }
        return perLanguage;
    }
}
