# A tiny recursive-resolver stand-in on 127.0.0.1:5353 (EDNS, name compression, RA) for
# recording what dig and nslookup print. With the dnsbl-listed scenario's blocklist zone
# bl.example.net (RFC 5782 §2.1: A 127.0.0.2 and a TXT reason at the reversed address);
# --no-dnsbl leaves it out, as a world without a blocklist has it. An answer larger than the
# client's EDNS UDP size (1232) is truncated (TC) over UDP and sent whole over TCP.
import socket, struct, sys, threading
REASON = 'Dynamic/residential IP range listed by bl.example.net, see https://bl.example.net/lookup'
# A reason past 255 octets, with a quote, a backslash and a non-ASCII letter (UTF-8), to see
# how dig splits and escapes it.
LONG = ('Listed "since 2026" \\ caf\u00e9 ' + 'x' * 300).encode()
# 450 euro signs: 1350 octets of UTF-8, a response past 1232 octets.
HUGE = ('\u20ac' * 450).encode()
ZONE = {
 ('example.org', 15): [('MX', (10, 'mx.example.org'))],
 ('mx.example.org', 1): [('A', '198.51.100.25')],
 ('example.net', 15): [('MX', (10, 'smtp.example.net'))],
 ('smtp.example.net', 1): [('A', '192.0.2.87')],
}
# What the domains publish (SPF, DMARC) and the servers' reverse names (PTR), as the reference
# world has them (src/engine/world/reference-world.ts); reverse zones follow /24 networks.
ZONE.update({
 ('example.org', 16): [('TXT', [b'v=spf1 mx -all'])],
 ('_dmarc.example.org', 16): [('TXT', [b'v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.org'])],
 ('example.net', 16): [('TXT', [b'v=spf1 mx -all'])],
 ('_dmarc.example.net', 16): [('TXT', [b'v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@example.net'])],
 ('25.100.51.198.in-addr.arpa', 12): [('PTR', 'mx.example.org')],
 # DANE-EE SPKI SHA-256 of mx.example.org's certificate (openssl x509 -pubkey | openssl pkey
 # -pubin -outform DER | sha256sum), at _25._tcp.mx.example.org (RFC 7672 §3).
 ('_25._tcp.mx.example.org', 52): [('TLSA', bytes([3, 1, 1]) + bytes.fromhex(
   'fd7644f33c1ccb4433aa575ce97ec675bcf57954519bfd79e3526908a662eea7'))],
 ('87.2.0.192.in-addr.arpa', 12): [('PTR', 'smtp.example.net')],
 ('40.100.51.198.in-addr.arpa', 12): [('PTR', 'mx.example.com')],
 ('60.100.51.198.in-addr.arpa', 12): [('PTR', 'relay.example.com')],
})
CNAMES = {'mail.example.net': 'smtp.example.net'}
SIGNED = ['example.org']
APEXES = ['example.org', 'example.net', 'example.com',
          '100.51.198.in-addr.arpa', '2.0.192.in-addr.arpa', '113.0.203.in-addr.arpa']
def soa_rdata(p, zone):
    saved = p.buf; p.buf = p.buf + b'\0\0'
    mname = p.name('ns.' + zone); p.buf = p.buf + mname
    rname = p.name('hostmaster.' + zone); p.buf = saved
    return mname + rname + struct.pack('>IIIII', 2026112701, 7200, 3600, 1209600, 3600)
if '--no-dnsbl' not in sys.argv:
    ZONE.update({
     ('45.113.0.203.bl.example.net', 1): [('A', '127.0.0.2')],
     ('45.113.0.203.bl.example.net', 16): [('TXT', [REASON.encode()])],
     ('46.113.0.203.bl.example.net', 1): [('A', '127.0.0.2')],
     ('46.113.0.203.bl.example.net', 16): [('TXT', [LONG[i:i+255] for i in range(0, len(LONG), 255)])],
     ('48.113.0.203.bl.example.net', 1): [('A', '127.0.0.2')],
     ('48.113.0.203.bl.example.net', 16): [('TXT', [HUGE[i:i+255] for i in range(0, len(HUGE), 255)])],
    })
    APEXES.insert(0, 'bl.example.net')
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
def respond(data, udp):
    qid, flags, qd, an, ns, ar = struct.unpack('>HHHHHH', data[:12])
    qname, off = parse_name(data, 12)
    qtype, qclass = struct.unpack('>HH', data[off:off+4]); off += 4
    edns = ar > 0
    key = (qname.lower(), qtype)
    answers = list(ZONE.get(key, []))
    # An alias (RFC 1034 §3.6.2): its CNAME, and the target's records of the type asked for,
    # as a recursive resolver chases it.
    target = CNAMES.get(qname.lower())
    if target and qtype != 5:
        answers = [('CNAME', target)] + [(t, v, target) for t, v in ZONE.get((target, qtype), [])]
    elif target:
        answers = [('CNAME', target)]
    if qtype == 6 and qname.lower() in APEXES: answers = [('SOA', qname.lower())]
    known = any(k[0] == qname.lower() for k in ZONE) or qname.lower() in APEXES or target is not None
    rcode = 0 if (answers or known) else 3
    p = Packer()
    p.add(p.name(qname) + struct.pack('>HH', qtype, qclass))
    for entry in answers:
        typ, val = entry[0], entry[1]
        owner = p.name(entry[2] if len(entry) > 2 else qname)
        if typ == 'CNAME':
            p.add(owner + struct.pack('>HHI', 5, 1, 3600))
            saved = p.buf; p.buf = p.buf + b'\0\0'
            tgt = p.name(val); p.buf = saved
            p.add(struct.pack('>H', len(tgt)) + tgt)
            continue
        if typ == 'MX':
            p.add(owner + struct.pack('>HHI', 15, 1, 3600))
            target_pos = len(p.buf) + 2
            rdata = struct.pack('>H', val[0]) + b''
            # compress the exchange relative to the position it will have
            saved = p.buf; p.buf = p.buf + b'\0\0' + struct.pack('>H', val[0])
            tgt = p.name(val[1]); p.buf = saved
            rdata = struct.pack('>H', val[0]) + tgt
            p.add(struct.pack('>H', len(rdata)) + rdata)
        elif typ == 'PTR':
            p.add(owner + struct.pack('>HHI', 12, 1, 3600))
            saved = p.buf; p.buf = p.buf + b'\0\0'
            tgt = p.name(val); p.buf = saved
            p.add(struct.pack('>H', len(tgt)) + tgt)
        elif typ == 'SOA':
            p.add(owner + struct.pack('>HHI', 6, 1, 3600))
            rdata = soa_rdata(p, val)
            p.add(struct.pack('>H', len(rdata)) + rdata)
        elif typ == 'TLSA':
            p.add(owner + struct.pack('>HHIH', 52, 1, 3600, len(val)) + val)
        elif typ == 'TXT':
            rdata = b''.join(bytes([len(part)]) + part for part in val)
            p.add(owner + struct.pack('>HHIH', 16, 1, 3600, len(rdata)) + rdata)
        else:
            p.add(owner + struct.pack('>HHIH', 1, 1, 3600, 4) + socket.inet_aton(val))
    nauth = 0
    final = [a for a in answers if a[0] != 'CNAME'] if target and qtype != 5 else answers
    if not final:
        q = target or qname.lower()
        zone = next((z for z in APEXES if q == z or q.endswith('.' + z)), '')
        owner = p.name(zone) if zone else b'\0'
        p.add(owner + struct.pack('>HHI', 6, 1, 900))
        saved = p.buf; p.buf = p.buf + b'\0\0'
        mname = p.name('ns.' + zone if zone else 'a.root-servers.net'); p.buf = p.buf + mname
        rname = p.name('hostmaster.' + zone if zone else 'nstld.verisign-grs.com'); p.buf = saved
        rdata = mname + rname + struct.pack('>IIIII', 2026112701, 7200, 3600, 1209600, 3600)
        p.add(struct.pack('>H', len(rdata)) + rdata)
        nauth = 1
    opt = struct.pack('>BHHIH', 0, 41, 1232, 0, 0) if edns else b''
    # example.org is signed and the resolver validates it: AD on every answer for a name in
    # it (RFC 4035 §3.2.3), authenticated denial included.
    zone_of = target or qname.lower()
    signed = any(zone_of == z or zone_of.endswith('.' + z) for z in SIGNED)
    rflags = 0x8180 | rcode | (0x0020 if signed else 0)
    hdr = struct.pack('>HHHHHH', qid, rflags, 1, len(answers), nauth, 1 if edns else 0)
    if udp and 12 + len(p.buf) + len(opt) > (1232 if edns else 512):
        question = data[12:off]
        return struct.pack('>HHHHHH', qid, rflags | 0x0200, 1, 0, 0, 1 if edns else 0) + question + opt
    return hdr + p.buf + opt
def serve_tcp():
    t = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t.bind(('127.0.0.1', 5353)); t.listen(5)
    while True:
        c, _ = t.accept()
        n = struct.unpack('>H', c.recv(2))[0]; data = b''
        while len(data) < n: data += c.recv(n - len(data))
        reply = respond(data, False); c.sendall(struct.pack('>H', len(reply)) + reply); c.close()
threading.Thread(target=serve_tcp, daemon=True).start()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', 5353))
while True:
    data, addr = s.recvfrom(4096)
    s.sendto(respond(data, True), addr)
