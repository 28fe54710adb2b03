import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from './processes.js';

const run = promisify(execFile);

/** A person of the tests' directory (a small SUPANN-like one). */
export interface LdapPerson {
  uid: string;
  displayName: string;
  mail: string;
  affiliation: string;
  affectation: string;
}

/** The tests' directory: accents in names, a member of staff, students, and a group that is nobody. */
export const PEOPLE: readonly LdapPerson[] = [
  { uid: 'hmuller', displayName: 'Hélène Müller', mail: 'helene.muller@univ.test', affiliation: 'student', affectation: 'UFR Lettres' },
  { uid: 'fgarcon', displayName: 'François Garçon', mail: 'francois.garcon@univ.test', affiliation: 'staff', affectation: 'DNUM' },
  { uid: 'jdupont', displayName: 'Jean Dupont', mail: 'jean.dupont@univ.test', affiliation: 'faculty', affectation: 'UFR Sciences' },
  { uid: 'zlefevre', displayName: 'Zoé Lefèvre', mail: 'zoe.lefevre@univ.test', affiliation: 'employee', affectation: 'Scolarité' },
  { uid: 'agent007', displayName: 'Agent Secret', mail: 'agent@univ.test', affiliation: 'affiliate', affectation: 'Présidence' },
  // More students than one search answers.
  ...Array.from({ length: 25 }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return {
      uid: `etu${n}`,
      displayName: `Étudiant Numéro ${n}`,
      mail: `etu${n}@etu.univ.test`,
      affiliation: 'student',
      affectation: 'IUT',
    };
  }),
];

export const BASE_DN = 'dc=univ,dc=test';
export const BIND_DN = `cn=helpdesk,ou=system,${BASE_DN}`;
export const BIND_PASSWORD = 'helpdesk-reader';

/** A slapd of its own, on a free port, in its own folder. */
export interface Slapd {
  url: string;
  /** The LDAP_* settings that point the helpdesk at it. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

// A SUPANN directory's two attributes we read, defined here (Debian ships neither eduPerson nor SUPANN).
const SCHEMA = `attributetype ( 1.3.6.1.4.1.5923.1.1.1.1 NAME 'eduPersonAffiliation' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
attributetype ( 1.3.6.1.4.1.7135.1.2.1.8 NAME 'supannAffectation' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
objectclass ( 1.3.6.1.4.1.5923.1.1.2 NAME 'eduPerson' AUXILIARY MAY ( eduPersonAffiliation ) )
objectclass ( 1.3.6.1.4.1.7135.1.2.2.1 NAME 'supannPerson' AUXILIARY MAY ( supannAffectation ) )
`;

// LDIF carries non-ASCII values in base64 (RFC 2849).
const line = (name: string, value: string): string =>
  /^[\x20-\x7e]*$/.test(value) && !value.startsWith(' ') ? `${name}: ${value}` : `${name}:: ${Buffer.from(value).toString('base64')}`;

function ldif(): string {
  const entries = [
    [`dn: ${BASE_DN}`, 'objectClass: dcObject', 'objectClass: organization', 'dc: univ', 'o: Université de test'],
    [`dn: ou=system,${BASE_DN}`, 'objectClass: organizationalUnit', 'ou: system'],
    [
      `dn: ${BIND_DN}`,
      'objectClass: organizationalRole',
      'objectClass: simpleSecurityObject',
      'cn: helpdesk',
      `userPassword: ${BIND_PASSWORD}`,
    ],
    [`dn: ou=people,${BASE_DN}`, 'objectClass: organizationalUnit', 'ou: people'],
    [`dn: ou=groups,${BASE_DN}`, 'objectClass: organizationalUnit', 'ou: groups'],
    // A group whose name matches searches: never a person.
    [`dn: cn=dupont-team,ou=groups,${BASE_DN}`, 'objectClass: groupOfNames', 'cn: dupont-team', `member: uid=jdupont,ou=people,${BASE_DN}`],
    ...PEOPLE.map((p) => [
      `dn: uid=${p.uid},ou=people,${BASE_DN}`,
      'objectClass: inetOrgPerson',
      'objectClass: eduPerson',
      'objectClass: supannPerson',
      `uid: ${p.uid}`,
      line('cn', p.displayName),
      line('sn', p.displayName.split(' ').at(-1)!),
      line('displayName', p.displayName),
      `mail: ${p.mail}`,
      `eduPersonAffiliation: ${p.affiliation}`,
      'eduPersonAffiliation: member',
      line('supannAffectation', p.affectation),
    ]),
  ];
  return entries.map((e) => e.join('\n')).join('\n\n') + '\n';
}

/**
 * Starts Debian's slapd as docs/stack.md says (no systemd): a config file, slaptest, slapadd, then
 * slapd on 127.0.0.1 and a free port. It daemonises; `stop` kills it by its pid file and waits.
 */
export async function startSlapd(): Promise<Slapd> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'helpdesk-slapd-'));
  await mkdir(path.join(dir, 'data'));
  await writeFile(path.join(dir, 'supann.schema'), SCHEMA);
  await writeFile(path.join(dir, 'people.ldif'), ldif());
  const conf = path.join(dir, 'slapd.conf');
  await writeFile(
    conf,
    `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include ${dir}/supann.schema
pidfile ${dir}/slapd.pid
argsfile ${dir}/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "${BASE_DN}"
rootdn "cn=admin,${BASE_DN}"
rootpw admin-${Math.random().toString(36).slice(2)}
directory ${dir}/data
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="${BIND_DN}" read by * none
`,
  );
  await run('/usr/sbin/slaptest', ['-f', conf, '-u']);
  await run('/usr/sbin/slapadd', ['-f', conf, '-l', path.join(dir, 'people.ldif')]);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  await run('/usr/sbin/slapd', ['-h', `${url}/`, '-f', conf]);
  await waitForPort(port);
  return {
    url,
    env: { LDAP_URL: url, LDAP_BIND_DN: BIND_DN, LDAP_BIND_PASSWORD: BIND_PASSWORD, LDAP_BASE_DN: BASE_DN, LDAP_TIMEOUT_MS: '2000' },
    async stop() {
      const pid = Number((await readFile(path.join(dir, 'slapd.pid'), 'utf8').catch(() => '')).trim());
      if (pid > 0) {
        process.kill(pid, 'SIGTERM');
        for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      }).once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`slapd did not listen on ${port}`);
}
