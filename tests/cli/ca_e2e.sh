# End-to-end: `automock ca init|path` as a user runs them, checked with the
# openssl command line. Usage: ca_e2e.sh AUTOMOCK
set -eu
automock=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# No directory to put the CA in: a clear error, exit 2.
status=0
env -u HOME -u XDG_DATA_HOME -u AUTOMOCK_CA_DIR "$automock" ca path >"$dir/out" 2>&1 || status=$?
[ "$status" -eq 2 ] && grep -q "set AUTOMOCK_CA_DIR" "$dir/out"

# First use creates it under $XDG_DATA_HOME with owner-only files; then it exists.
export XDG_DATA_HOME="$dir/data"
unset AUTOMOCK_CA_DIR
ca="$dir/data/automock/ca"
[ "$("$automock" ca init)" = "created: $ca/ca.pem" ]
[ "$("$automock" ca init)" = "exists: $ca/ca.pem" ]
[ "$("$automock" ca path)" = "$ca/ca.pem" ]
[ "$(stat -c %a "$ca")" = 700 ] && [ "$(stat -c %a "$ca/ca-key.pem")" = 600 ]
openssl x509 -in "$ca/ca.pem" -noout -text | grep -q "CA:TRUE"
openssl verify -x509_strict -CAfile "$ca/ca.pem" "$ca/ca.pem" | grep -q ": OK"
openssl pkey -in "$ca/ca-key.pem" -pubout >"$dir/key.pub"
openssl x509 -in "$ca/ca.pem" -noout -pubkey | cmp -s - "$dir/key.pub"

# AUTOMOCK_CA_DIR wins; `path` creates on first use too.
[ "$(AUTOMOCK_CA_DIR="$dir/own" "$automock" ca path)" = "$dir/own/ca.pem" ]
[ -f "$dir/own/ca-key.pem" ]

# A key others can read is refused, naming the file and the fix.
chmod 644 "$ca/ca-key.pem"
status=0
"$automock" ca path >"$dir/out" 2>&1 || status=$?
[ "$status" -eq 2 ] && grep -q "ca-key.pem: the CA's private key is readable by others" "$dir/out"
echo "ca e2e: passed"
