import io, tarfile, gzip, subprocess, os, sys
tarfile.RECORDSIZE = 512
def tar(entries, fmt=tarfile.PAX_FORMAT):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode='w', format=fmt) as t:
        for e in entries:
            kind, name = e[0], e[1]
            ti = tarfile.TarInfo(name)
            ti.mtime = 1700000000
            if kind == 'd':
                ti.type = tarfile.DIRTYPE; ti.mode = 0o755; t.addfile(ti)
            elif kind == 'f':
                data = e[2].encode(); ti.size = len(data); ti.mode = e[3] if len(e) > 3 else 0o644
                t.addfile(ti, io.BytesIO(data))
            elif kind == 's':
                ti.type = tarfile.SYMTYPE; ti.linkname = e[2]; t.addfile(ti)
            elif kind == 'h':
                ti.type = tarfile.LNKTYPE; ti.linkname = e[2]; t.addfile(ti)
            elif kind == 'c':
                ti.type = tarfile.CHRTYPE; ti.devmajor = 1; ti.devminor = 3; t.addfile(ti)
            elif kind == 'p':
                ti.type = tarfile.FIFOTYPE; t.addfile(ti)
    return b.getvalue()
seeds = {
 'rootfs': [('d','etc'),('f','etc/passwd','root:x:0:0::/root:/bin/sh\n'),('d','usr'),('d','usr/bin'),
            ('f','usr/bin/tool','#!/bin/sh\n',0o4755),('s','bin','usr/bin'),('h','usr/bin/tool2','usr/bin/tool'),
            ('c','dev-null'),('p','fifo'),('d','./'),('f','./tmp/x','x')],
 'whiteouts': [('d','etc'),('f','etc/.wh.passwd',''),('d','usr/bin'),('f','usr/bin/.wh..wh..opq',''),
               ('f','usr/bin/new','n'),('f','.wh.victim',''),('f','etc/.wh.up','')],
 'replace': [('f','etc','now a file'),('s','usr/bin/tool','/bin/busybox'),('d','abs'),('f','rel','x')],
 'escapes': [('f','../outside/evil','x'),('f','/abs/evil','x'),('s','link','../outside'),('f','link/evil','x'),
             ('h','hard','../outside/victim'),('h','hard2','victim'),('f','abs/evil','x'),('f','etc/up/evil','x'),
             ('f','.wh...','')],
 'longnames': [('d','a'*120),('f','a'*120+'/'+'b'*150,'long'),('s','c'*200,'d'*300)],
}
out = sys.argv[1]
for d in ['unpack','applyLayer']:
    os.makedirs(os.path.join(out, d), exist_ok=True)
for name, entries in seeds.items():
    data = tar(entries)
    for d in ['unpack','applyLayer']:
        open(os.path.join(out, d, name + '.tar'), 'wb').write(data)
gnu = tar(seeds['longnames'], tarfile.GNU_FORMAT)
ustar = tar(seeds['rootfs'][:5], tarfile.USTAR_FORMAT)
gz = gzip.compress(tar(seeds['rootfs']), mtime=0)
zs = subprocess.run(['zstd','-q','-c'], input=tar(seeds['whiteouts']), capture_output=True, check=True).stdout
for d in ['unpack','applyLayer']:
    open(os.path.join(out, d, 'longnames-gnu.tar'), 'wb').write(gnu)
    open(os.path.join(out, d, 'rootfs-ustar.tar'), 'wb').write(ustar)
    open(os.path.join(out, d, 'rootfs.tar.gz'), 'wb').write(gz)
    open(os.path.join(out, d, 'whiteouts.tar.zst'), 'wb').write(zs)
