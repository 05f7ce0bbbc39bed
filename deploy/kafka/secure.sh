# Sourced by kafka.sh: the SCRAM user (made when the storage is formatted, for
# every node, so any node can later start with --secure), and for `up --secure`
# the throw-away CA, the broker certificates and the broker properties of the
# SASL_SSL listeners. Everything is made under $SEC (inside the node's ignored
# cache folder), once; `kafka.sh clean` removes it with the node.
#
# Listeners (all SASL_SSL, SCRAM-SHA-512 only, bound to 127.0.0.1):
#   SASL_SSL   $SECURE_PORT      certificate for 127.0.0.1 and localhost, signed by the CA
#   EXPIRED    $SECURE_PORT + 1  the same names and CA, but expired (so clients can test they refuse it)
#   WRONGHOST  $SECURE_PORT + 2  valid and signed by the CA, but for wrong-host.invalid only

secure_ports() { echo "$SECURE_PORT $((SECURE_PORT + 1)) $((SECURE_PORT + 2))"; }

# A PKCS12 keystore $SEC/<name>.p12 holding a key and a certificate for the SANs, signed by the CA.
# keytool -gencert can back-date a certificate (-startdate), which openssl 3.0's x509 cannot.
issue_cert() {
  local name="$1" san="$2" startdate="$3" days="$4"
  local ks="$SEC/$name.p12"
  keytool -genkeypair -noprompt -keystore "$ks" -storetype PKCS12 -storepass:file "$SEC/store-password" \
    -alias broker -keyalg EC -groupname secp256r1 -dname "CN=$name.doxguard-local-kafka" -validity 1 >/dev/null 2>&1
  keytool -certreq -keystore "$ks" -storepass:file "$SEC/store-password" -alias broker -file "$SEC/$name.csr" >/dev/null 2>&1
  keytool -gencert -keystore "$SEC/ca.p12" -storepass:file "$SEC/store-password" -alias ca \
    -infile "$SEC/$name.csr" -outfile "$SEC/$name.crt" -rfc -startdate "$startdate" -validity "$days" \
    -ext "SAN=$san" -ext KU=digitalSignature -ext EKU=serverAuth >/dev/null 2>&1
  keytool -importcert -noprompt -keystore "$ks" -storepass:file "$SEC/store-password" -alias ca -file "$SEC/ca.pem" >/dev/null 2>&1
  keytool -importcert -noprompt -keystore "$ks" -storepass:file "$SEC/store-password" -alias broker -file "$SEC/$name.crt" >/dev/null 2>&1
  rm -f "$SEC/$name.csr"
}

# The SCRAM user as StorageTool format arguments: KRaft stores credentials in
# the metadata log, and `format --add-scram` is the tool of the broker jar that
# writes them (kafka-configs lives in kafka-tools, which the POM does not fetch).
scram_format_args() {
  mkdir -p "$SEC"
  chmod 700 "$SEC"
  (
    umask 077
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$SEC/scram-password"
    echo "$SCRAM_USER" >"$SEC/scram-user"
  )
  SCRAM_ARGS=(--add-scram "SCRAM-SHA-512=[name=$SCRAM_USER,iterations=8192,password=$(cat "$SEC/scram-password")]")
}

# A node formatted before the SCRAM user existed cannot get one without kafka-tools.
check_scram_user() {
  [[ -f "$SEC/scram-user" ]] ||
    die "this node's storage was formatted without a SCRAM user: 'kafka.sh clean' (deletes its data) or use another KAFKA_PORT"
  SCRAM_USER="$(cat "$SEC/scram-user")"
}

make_secure_material() {
  [[ -f "$SEC/tls.complete" ]] && return 0
  need openssl "install openssl (it makes the throw-away CA)"
  need keytool "install a Java 17+ runtime (keytool makes the broker keystores)"
  say "making a throw-away CA and broker certificates in $SEC"
  rm -f "$SEC"/*.p12 "$SEC"/*.pem "$SEC"/*.crt "$SEC"/*.key
  mkdir -p "$SEC"
  chmod 700 "$SEC"
  (
    umask 077
    openssl rand -hex 24 >"$SEC/store-password"
    # the CA: a key and a self-signed certificate, valid for a year; its PKCS12 form lets keytool sign
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
      -subj "/CN=doxguard local test CA $(date -u +%Y%m%dT%H%M%SZ)" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
      -keyout "$SEC/ca.key" -out "$SEC/ca.pem" 2>/dev/null
    openssl pkcs12 -export -name ca -inkey "$SEC/ca.key" -in "$SEC/ca.pem" -out "$SEC/ca.p12" \
      -passout "file:$SEC/store-password"
    issue_cert broker "DNS:localhost,IP:127.0.0.1" -1d 365
    issue_cert expired "DNS:localhost,IP:127.0.0.1" -30d 2
    issue_cert wronghost "DNS:wrong-host.invalid" -1d 365
  ) || die "could not make the test CA and certificates in $SEC"
  chmod 644 "$SEC/ca.pem"
  touch "$SEC/tls.complete"
}

# Broker properties for the three SASL_SSL listeners (appended to server.properties).
secure_properties() {
  local store
  store="$(cat "$SEC/store-password")"
  echo "sasl.enabled.mechanisms=SCRAM-SHA-512"
  echo "ssl.client.auth=none"
  local listener ks
  for pair in sasl_ssl:broker expired:expired wronghost:wronghost; do
    listener="${pair%%:*}"
    ks="${pair##*:}"
    echo "listener.name.$listener.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;"
    echo "listener.name.$listener.ssl.keystore.location=$SEC/$ks.p12"
    echo "listener.name.$listener.ssl.keystore.type=PKCS12"
    echo "listener.name.$listener.ssl.keystore.password=$store"
    echo "listener.name.$listener.ssl.key.password=$store"
  done
}

# What a client needs, as JSON (the test setup reads it) and as a doxguard config layer.
write_client_files() {
  cat >"$SEC/secure.json" <<JSON
{
  "brokers": "127.0.0.1:$SECURE_PORT",
  "expiredBrokers": "127.0.0.1:$((SECURE_PORT + 1))",
  "wrongHostBrokers": "127.0.0.1:$((SECURE_PORT + 2))",
  "plaintextBrokers": "127.0.0.1:$PORT",
  "caFile": "$SEC/ca.pem",
  "username": "$SCRAM_USER",
  "passwordFile": "$SEC/scram-password"
}
JSON
  cat >"$SEC/doxguard.yaml" <<YAML
# doxguard config for this broker's SASL_SSL listener (made by deploy/kafka/kafka.sh up --secure)
kafka:
  brokers: ['127.0.0.1:$SECURE_PORT']
  tls:
    enabled: true
    caFile: $SEC/ca.pem
  sasl:
    mechanism: scram-sha-512
    username: $SCRAM_USER
    passwordFile: $SEC/scram-password
YAML
}
