import io, tarfile, gzip, hashlib, json, os, sys
tarfile.RECORDSIZE = 512
sys.path.insert(0, '/tmp')
def tar(entries):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode='w', format=tarfile.PAX_FORMAT) as t:
        for e in entries:
            kind, name = e[0], e[1]
            ti = tarfile.TarInfo(name); ti.mtime = 1700000000
            if kind == 'd': ti.type = tarfile.DIRTYPE; ti.mode = 0o755; t.addfile(ti)
            elif kind == 'f':
                data = e[2] if isinstance(e[2], bytes) else e[2].encode(); ti.size = len(data); ti.mode = 0o644
                t.addfile(ti, io.BytesIO(data))
            elif kind == 's': ti.type = tarfile.SYMTYPE; ti.linkname = e[2]; t.addfile(ti)
            elif kind == 'h': ti.type = tarfile.LNKTYPE; ti.linkname = e[2]; t.addfile(ti)
    # trim the zero padding to the 2 end blocks
    return b.getvalue()
def sha(b): return 'sha256:' + hashlib.sha256(b).hexdigest()
def hx(d): return d.split(':')[1]
L1 = tar([('d','etc'),('f','etc/os-release','ID=debian\n'),('d','usr/bin'),('f','usr/bin/python3','#!/bin/sh\n'),('s','bin','usr/bin')])
L2 = tar([('f','etc/.wh.os-release',''),('f','usr/bin/.wh..wh..opq',''),('f','usr/bin/python3','v2'),('h','usr/bin/py','usr/bin/python3')])
L2z = gzip.compress(L2, mtime=0)
def config(layers):
    return json.dumps({"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/sh"],"Labels":{"org.opencontainers.image.version":"3.11"}},
        "rootfs":{"type":"layers","diff_ids":[sha(l) for l in layers]}}).encode()
def desc(mt, b, **kw):
    d = {"mediaType": mt, "digest": sha(b), "size": len(b)}; d.update(kw); return d
def oci_files(blobs_layers, raw_layers):
    files = {"oci-layout": b'{"imageLayoutVersion": "1.0.0"}'}
    c = config(raw_layers)
    m = json.dumps({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
        "config": desc("application/vnd.oci.image.config.v1+json", c),
        "layers":[desc("application/vnd.oci.image.layer.v1.tar", b) for b in blobs_layers]}).encode()
    for b in blobs_layers + [c, m]: files["blobs/sha256/" + hx(sha(b))] = b
    files["index.json"] = json.dumps({"schemaVersion":2,"manifests":[desc("application/vnd.oci.image.manifest.v1+json", m,
        annotations={"org.opencontainers.image.ref.name":"latest"})]}).encode()
    return files, c
def docker_legacy(layers):
    files = {}
    c = config(layers); files[hx(sha(c)) + ".json"] = c
    paths = []
    for i, l in enumerate(layers):
        lid = hashlib.sha256(b'layer%d' % i).hexdigest()
        files[lid + "/VERSION"] = b"1.0"; files[lid + "/json"] = b"{}"; files[lid + "/layer.tar"] = l
        paths.append(lid + "/layer.tar")
    files["manifest.json"] = json.dumps([{"Config": hx(sha(c)) + ".json", "RepoTags":["python:latest"], "Layers": paths}]).encode()
    files["repositories"] = b"{}"
    return files
def archive(files, links=()):
    return tar([('f', k, v) for k, v in files.items()] + list(links))
out = sys.argv[1]
a = os.path.join(out, 'archive'); l = os.path.join(out, 'layout')
os.makedirs(a, exist_ok=True); os.makedirs(l, exist_ok=True)
oci, c = oci_files([L1, L2z], [L1, L2])
open(os.path.join(a, 'oci.tar'), 'wb').write(archive(oci))
open(os.path.join(a, 'oci.tar.gz'), 'wb').write(gzip.compress(archive(oci), mtime=0))
dl = docker_legacy([L1, L2])
open(os.path.join(a, 'docker-legacy.tar'), 'wb').write(archive(dl))
# docker links a layer it already wrote instead of writing it again
dedup = dict(dl); lid = [k for k in dl if k.endswith('/layer.tar')][1]; del dedup[lid]
other = hashlib.sha256(b'elsewhere').hexdigest()
dedup[other + '/layer.tar'] = L2
open(os.path.join(a, 'docker-symlinked-layer.tar'), 'wb').write(archive(dedup, [('s', lid, '../' + other + '/layer.tar')]))
dock = dict(oci); dock["manifest.json"] = json.dumps([{"Config":"blobs/sha256/" + hx(sha(c)),"RepoTags":["python:latest"],
    "Layers":["blobs/sha256/" + hx(sha(L1)), "blobs/sha256/" + hx(sha(L2z))]}]).encode()
open(os.path.join(a, 'docker-oci.tar'), 'wb').write(archive(dock))
open(os.path.join(a, 'rootfs.tar'), 'wb').write(L1)
open(os.path.join(a, 'escape-links.tar'), 'wb').write(archive({"manifest.json": b'[{"Config":"x/c.json","Layers":["x/l.tar"]}]'},
    [('s','x','../../outside'),('h','index.json','../outside/victim')]))
SEP = b"\n%%\n"
oci_index = b'{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"@M","size":@MS,"platform":{"os":"linux","architecture":"amd64"}}]}'
oci_manifest = b'{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"@C","size":@CS},"layers":[{"digest":"@L0","size":@S0},{"digest":"@L1","size":@S1}]}'
cfg = b'{"architecture":"amd64","os":"linux","config":{"Labels":{"org.opencontainers.image.version":"3.11"}},"rootfs":{"type":"layers","diff_ids":["@D0","@D1"]}}'
open(os.path.join(l, 'oci-dir'), 'wb').write(SEP.join([b"oci", oci_index, oci_manifest, cfg, L1, L2z]))
open(os.path.join(l, 'oci-tar'), 'wb').write(SEP.join([b"oci tar", oci_index, oci_manifest, cfg, L1, L2z]))
dm = b'[{"Config":"@CP","RepoTags":["python:latest"],"Layers":["@LP0","@LP1"]}]'
open(os.path.join(l, 'docker-dir'), 'wb').write(SEP.join([b"docker", dm, b"", cfg, L1, L2]))
open(os.path.join(l, 'docker-tar'), 'wb').write(SEP.join([b"docker tar", dm, b"", cfg, L1, L2]))
nested = b'{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"@M","size":@MS},{"digest":"@M","platform":{"os":"windows","architecture":"arm64"}}]}'
open(os.path.join(l, 'oci-nested-index'), 'wb').write(SEP.join([b"oci", nested, oci_index, cfg, L1]))
bad = b'{"schemaVersion":2,"config":{"digest":"@C","size":1},"layers":[{"digest":"sha512:00","size":-1},{"digest":"@L0"}]}'
open(os.path.join(l, 'oci-bad-sizes'), 'wb').write(SEP.join([b"oci", oci_index, bad, b'{"rootfs":{"diff_ids":["@D0"]},"os":"plan9"}', L1]))
escape = tar([('s','etc','/'),('f','etc/x','x'),('f','../../outside/evil','x'),('h','hard','../outside/victim')])
open(os.path.join(l, 'oci-escape-layer'), 'wb').write(SEP.join([b"oci", oci_index, oci_manifest.replace(b',{"digest":"@L1","size":@S1}', b''), cfg.replace(b',"@D1"', b''), escape]))
