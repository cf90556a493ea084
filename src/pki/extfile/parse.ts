/** Reads a `cert.v3.ext` the way `openssl x509 -req -extfile` does and picks the section it uses. */
import type { Finding } from '../../findings.js';
import { DEFAULT_SECTION, parseConf, type ConfEntry, type ConfFile } from './conf.js';
import { interpretEntry } from './interpret.js';
import { EXTENSION_OIDS } from './names.js';
import { finding, quoted } from './rules.js';
import type { DeclaredExtension, ExtFileOptions, ParsedExtFile } from './types.js';

export function parseExtFile(text: string, options: ExtFileOptions = {}): ParsedExtFile {
  const conf = parseConf(text, options.env ?? {});
  const findings: Finding[] = [...conf.findings];
  const selector = conf.sections.get(DEFAULT_SECTION)?.find((entry) => entry.name === 'extensions');
  const section = options.section ?? selector?.value ?? DEFAULT_SECTION;
  const entries = conf.sections.get(section);

  if (!entries) {
    findings.push(sectionNotFound(section, options.section === undefined ? selector : undefined, conf));
    return { section: null, extensions: [], findings };
  }
  if (entries.length === 0) {
    findings.push(emptySection(section, conf));
    return { section, extensions: [], findings };
  }

  const extensions: DeclaredExtension[] = [];
  for (const entry of entries) {
    if (entry.unresolved) continue;
    const { extension, findings: problems } = interpretEntry(entry, conf.sections);
    findings.push(...problems);
    if (!extension) continue;
    // The x509 app adds extensions with X509V3_CTX_REPLACE: a later one with the same OID wins.
    const earlier = extensions.findIndex((existing) => existing.oid === extension.oid);
    if (earlier >= 0) {
      findings.push(
        finding(
          'extfile.duplicate_key',
          extension.line,
          `Line ${extension.line} declares ${quoted(extension.name)} again (also line ${extensions[earlier]!.line}): openssl keeps only the last one.`,
          `Delete one of the two lines.`,
        ),
      );
      extensions.splice(earlier, 1);
    }
    extensions.push(extension);
  }
  return { section, extensions, findings };
}

function sectionNotFound(section: string, selector: ConfEntry | undefined, conf: ConfFile): Finding {
  const known = [...conf.sections.keys()].filter((name) => name !== DEFAULT_SECTION);
  return finding(
    'extfile.section_not_found',
    selector?.line,
    `The extension section ${quoted(section)}${selector ? `, named on line ${selector.line},` : ''} does not exist in the file (openssl: "Error checking extension section").`,
    known.length > 0
      ? `Name one of the file's sections (${known.map((name) => `\`${name}\``).join(', ')}), e.g. \`extensions = ${known[0]}\`.`
      : `Add a \`[${section}]\` section holding the extensions.`,
  );
}

/** The v1 trap: with nothing in the used section, openssl signs a v1 certificate with no extensions. */
function emptySection(section: string, conf: ConfFile): Finding {
  const populated = [...conf.sections].filter(([name, entries]) => name !== section && entries.length > 0);
  const likely =
    populated.find(([, entries]) => entries.some((entry) => entry.name in EXTENSION_OIDS)) ?? populated[0];
  if (!likely) {
    return finding(
      'extfile.empty',
      undefined,
      'The extension file declares no extension: openssl will issue an X.509 v1 certificate with no extensions.',
      'Write at least `basicConstraints = CA:FALSE`, `keyUsage = critical, digitalSignature` and `extendedKeyUsage = clientAuth`.',
    );
  }
  const [name] = likely;
  const used =
    section === DEFAULT_SECTION
      ? 'the unnamed section at the top of the file'
      : `the section ${quoted(section)}`;
  return finding(
    'extfile.no_extensions_section',
    conf.headerLines.get(name),
    `openssl x509 -extfile uses ${used}, which is empty; the entries under ${quoted(`[${name}]`)} are ignored and the certificate comes out as X.509 v1 with no extensions.`,
    `Add \`extensions = ${name}\` as the first line of the file, or sign with \`-extensions ${name}\`.`,
  );
}
