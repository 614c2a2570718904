# A tiny recursive-resolver stand-in on 127.0.0.1:5353 (EDNS, name compression, RA) for
# recording what dig and nslookup print.
import socket, struct
ZONE = {
 ('example.org', 15): [('MX', (10, 'mx.example.org'))],
 ('mx.example.org', 1): [('A', '198.51.100.25')],
 ('example.net', 15): [('MX', (10, 'smtp.example.net'))],
 ('smtp.example.net', 1): [('A', '192.0.2.87')],
}
def parse_name(data, off):
    labels = []
    while True:
        l = data[off]; off += 1
        if l == 0: break
        labels.append(data[off:off+l].decode()); off += l
    return '.'.join(labels), off
class Packer:
    def __init__(self): self.buf = b''; self.names = {}
    def name(self, n):
        labels = [p for p in n.split('.') if p]
        out = b''
        for i in range(len(labels)):
            suffix = '.'.join(labels[i:]).lower()
            if suffix in self.names:
                return out + struct.pack('>H', 0xC000 | self.names[suffix])
            pos = 12 + len(self.buf) + len(out)
            if pos < 0x3FFF: self.names[suffix] = pos
            out += bytes([len(labels[i])]) + labels[i].encode()
        return out + b'\0'
    def add(self, b): self.buf += b
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', 5353))
while True:
    data, addr = s.recvfrom(4096)
    qid, flags, qd, an, ns, ar = struct.unpack('>HHHHHH', data[:12])
    qname, off = parse_name(data, 12)
    qtype, qclass = struct.unpack('>HH', data[off:off+4]); off += 4
    edns = ar > 0
    key = (qname.lower(), qtype)
    answers = ZONE.get(key, [])
    known = any(k[0] == qname.lower() for k in ZONE) or qname.lower() in ('example.org', 'example.net')
    rcode = 0 if (answers or known) else 3
    p = Packer()
    p.add(p.name(qname) + struct.pack('>HH', qtype, qclass))
    for typ, val in answers:
        owner = p.name(qname)
        if typ == 'MX':
            p.add(owner + struct.pack('>HHI', 15, 1, 3600))
            target_pos = len(p.buf) + 2
            rdata = struct.pack('>H', val[0]) + b''
            # compress the exchange relative to the position it will have
            saved = p.buf; p.buf = p.buf + b'\0\0' + struct.pack('>H', val[0])
            tgt = p.name(val[1]); p.buf = saved
            rdata = struct.pack('>H', val[0]) + tgt
            p.add(struct.pack('>H', len(rdata)) + rdata)
        else:
            p.add(owner + struct.pack('>HHIH', 1, 1, 3600, 4) + socket.inet_aton(val))
    nauth = 0
    if not answers:
        zone = 'example.org' if qname.lower().endswith('example.org') else 'example.net' if qname.lower().endswith('example.net') else ''
        owner = p.name(zone) if zone else b'\0'
        p.add(owner + struct.pack('>HHI', 6, 1, 900))
        saved = p.buf; p.buf = p.buf + b'\0\0'
        mname = p.name('ns.' + zone if zone else 'a.root-servers.net'); p.buf = p.buf + mname
        rname = p.name('hostmaster.' + zone if zone else 'nstld.verisign-grs.com'); p.buf = saved
        rdata = mname + rname + struct.pack('>IIIII', 2026112701, 7200, 3600, 1209600, 3600)
        p.add(struct.pack('>H', len(rdata)) + rdata)
        nauth = 1
    opt = struct.pack('>BHHIH', 0, 41, 1232, 0, 0) if edns else b''
    rflags = 0x8180 | rcode
    hdr = struct.pack('>HHHHHH', qid, rflags, 1, len(answers), nauth, 1 if edns else 0)
    s.sendto(hdr + p.buf + opt, addr)
