/**
 * The demo's repository, shared by `npm run demo` and `npm run demo:pki`: its zone, the seed's
 * cert.v3.ext for a leaf, and the manifest naming the two leaves.
 */
export const DEMO_ZONE_ID = '023e105f4ecef8ad9ca31a8372d0c353';

/** The seed's extension file for a client certificate of these hostnames. */
export const demoExtFile = (...hostnames: string[]) => `authorityKeyIdentifier=keyid,issuer
basicConstraints=CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = @alt_names

[alt_names]
${hostnames.map((hostname, index) => `DNS.${index + 1} = ${hostname}`).join('\n')}
`;

export const DEMO_MANIFEST = `version: 1
zones:
  - zone: example.com
    zone-id: ${DEMO_ZONE_ID}
    origin-ca: pki/rootca.crt
    certificates:
      - name: app
        certificate: pki/app/cert.crt
        extensions: pki/app/cert.v3.ext
        private-key:
          env: AOP_KEY_APP
        hostnames: [app.example.com, www.example.com]
      - name: api
        certificate: pki/api/cert.crt
        extensions: pki/api/cert.v3.ext
        private-key:
          env: AOP_KEY_API
        hostnames: [api.example.com]
`;
