#pragma once
// automock's own certificate authority, for the forward proxy's HTTPS
// interception: a client that trusts the CA's certificate accepts the leaf
// certificates the proxy mints for each host it intercepts.
//
// The CA lives in one directory (ca_directory()): ca.pem, the certificate to
// give clients, and ca-key.pem, its private key, mode 0600 in a directory
// of mode 0700. It is created on first use; processes that create it at the
// same moment end up with the same CA (creation holds an flock(2) on the
// directory's `lock` file). Keys are ECDSA P-256; leaves are valid for 397
// days (the most that browsers and Apple platforms accept), the CA for ten
// years, and both carry the extensions strict verifiers ask for (Python
// 3.13's VERIFY_X509_STRICT among them).

#include <filesystem>
#include <memory>
#include <string>

namespace automock::net {

// The CA directory: $AUTOMOCK_CA_DIR, else $XDG_DATA_HOME/automock/ca, else
// $HOME/.local/share/automock/ca. Throws InputError when none is set.
std::filesystem::path ca_directory();

// A minted certificate and the key it certifies, PEM-encoded.
struct LeafCertificate {
  std::string certificate_pem;  // the leaf, then the CA's certificate
  std::string private_key_pem;
};

class CertificateAuthority {
 public:
  // Loads the CA in `directory`, creating it (and the directory) when it
  // holds none. Throws InputError naming the file when a CA file is
  // unreadable, not PEM, does not match its key, or when the key is
  // readable by others than its owner; IoError when it cannot be written.
  static CertificateAuthority open_or_create(const std::filesystem::path& directory);

  CertificateAuthority(CertificateAuthority&&) noexcept;
  CertificateAuthority& operator=(CertificateAuthority&&) noexcept;
  ~CertificateAuthority();

  const std::filesystem::path& certificate_file() const;
  // True when open_or_create() created the CA rather than loading it.
  bool created() const;
  // The CA's certificate, PEM-encoded.
  std::string certificate_pem() const;

  // A leaf for `host` (a DNS name, an IPv4 address or an IPv6 address,
  // with or without brackets), signed by this CA; DNS names are lowercased.
  // One per host for the life of this object (minting costs a signature).
  // Throws InputError for a host that is none of these. Thread-safe.
  LeafCertificate leaf_for(const std::string& host);

 private:
  struct Impl;
  explicit CertificateAuthority(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace automock::net
