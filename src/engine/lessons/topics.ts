// What the curriculum must teach: every topic has at least one lesson (test/unit/lessons).
export const TOPICS = {
  'smtp-dialogue': 'The SMTP dialogue: EHLO, MAIL, RCPT, DATA, QUIT and reply codes',
  'port-25-relay': 'MX lookup and server-to-server delivery on port 25',
  'relay-denial': 'Why an MX accepts mail only for its own domains; open relays',
  'isp-blocking': 'Residential ISPs blocking outbound port 25: timeout or refusal',
  'cloud-blocking': 'Cloud providers blocking or throttling port 25',
  'firewall-nat': 'NAT, firewalls and upstream filters',
  diagnosis: 'Diagnosis with telnet, nc, openssl s_client, swaks, curl, banners and traceroute',
  'submission-587': 'Authenticated submission on port 587',
  'implicit-tls-465': 'Submission over implicit TLS on port 465',
  starttls: 'STARTTLS: opportunistic TLS on port 25, and the stripping attack',
  'plaintext-risk': 'What an eavesdropper reads in plaintext SMTP',
  'approved-relay': 'Smarthosts and relay services',
  'delivery-logs': 'Tracing a delivery through Postfix log lines',
  'rate-limiting': 'Greylisting, rate limits, 4xx replies such as 421 and 450, and retries',
  reputation: 'Blocklists, botnets, why ISPs block port 25, MTA-STS and DANE',
} as const;

export type Topic = keyof typeof TOPICS;

export const TOPIC_IDS = Object.keys(TOPICS) as Topic[];
