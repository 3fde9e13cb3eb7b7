package io.kerat.image;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tells what an import source is from the member names at its top. Any of {@code manifest.json}, {@code index.json},
 * {@code oci-layout} or {@code repositories} there makes it an image archive: a docker-archive if it has
 * manifest.json (every {@code docker save}, also Docker 25+'s which is an OCI layout too, skopeo's and podman's),
 * else an OCI image layout if it has oci-layout and index.json, else it is refused; it is never unpacked as a rootfs.
 * A layout tarred together with its directory ({@code image/oci-layout}, ...) is found one level down.
 *
 * @param kind   what the source holds
 * @param prefix the directory inside the archive that holds the image archive ("" at the top)
 */
record ArchiveLayout(ImagePlan.Kind kind, String prefix) {
    static final List<String> MARKERS = List.of("manifest.json", "index.json", "oci-layout", "repositories");

    /**
     * @param names  every member name of the source (tar entries, or a directory's top-level names)
     * @param source how to name the source in an error
     */
    static ArchiveLayout detect(Collection<String> names, String source) throws ImageException {
        Set<String> top = new TreeSet<>();
        Set<String> firsts = new LinkedHashSet<>();
        for (String raw : names) {
            String n = ImageArchive.clean(raw);
            if (n == null || n.isEmpty()) {
                continue;
            }
            int slash = n.indexOf('/');
            firsts.add(slash < 0 ? n : n.substring(0, slash));
            if (slash < 0 && MARKERS.contains(n)) {
                top.add(n);
            }
        }
        String prefix = "";
        if (top.isEmpty() && firsts.size() == 1) {
            // one directory holding everything: an image archive tarred with its directory?
            prefix = firsts.iterator().next();
            for (String raw : names) {
                String n = ImageArchive.clean(raw);
                if (n != null && n.startsWith(prefix + "/") && MARKERS.contains(n.substring(prefix.length() + 1))) {
                    top.add(n.substring(prefix.length() + 1));
                }
            }
        }
        if (top.isEmpty()) {
            return new ArchiveLayout(ImagePlan.Kind.ROOTFS, "");
        }
        if (top.contains("manifest.json")) {
            return new ArchiveLayout(ImagePlan.Kind.DOCKER, prefix);
        }
        if (top.contains("oci-layout") && top.contains("index.json")) {
            return new ArchiveLayout(ImagePlan.Kind.OCI, prefix);
        }
        throw new ImageException(source + " looks like an image archive (it has " + String.join(" and ", top)
                + (prefix.isEmpty() ? " at its top" : " in " + prefix + "/") + ") but is neither an OCI image layout "
                + "(oci-layout and index.json) nor a docker-archive (manifest.json); it is not imported as a rootfs either");
    }
}
