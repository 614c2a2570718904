/** The months as C's strftime %b writes them in the C locale (and as mail dates, RFC 5322
 * §3.3, spell them). */
export const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;
