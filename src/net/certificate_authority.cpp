#include "net/certificate_authority.hpp"

#include <arpa/inet.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <automock/error.hpp>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

#include "core/atomic_file.hpp"
#include "core/files.hpp"
#include "core/unique_fd.hpp"

namespace automock::net {

namespace {

namespace fs = std::filesystem;

constexpr long k_day_seconds = 24L * 60 * 60;
constexpr long k_ca_days = 3650;
constexpr long k_leaf_days = 397;
constexpr size_t k_max_common_name = 64;  // X.520's upper bound
constexpr size_t k_max_dns_name = 253;
constexpr int k_serial_bits = 127;
constexpr mode_t k_private_file = 0600;
constexpr mode_t k_private_directory = 0700;

template <typename T, void (*Free)(T*)>
struct OpenSslFree {
  void operator()(T* object) const { Free(object); }
};
using Key = std::unique_ptr<EVP_PKEY, OpenSslFree<EVP_PKEY, EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, OpenSslFree<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, OpenSslFree<BIO, BIO_free_all>>;
using BigNumber = std::unique_ptr<BIGNUM, OpenSslFree<BIGNUM, BN_free>>;

// OpenSSL's reason for the last failure, which it then forgets.
std::string openssl_reason() {
  std::array<char, 256> text{};
  ERR_error_string_n(ERR_get_error(), text.data(), text.size());
  ERR_clear_error();
  return text.data();
}

[[noreturn]] void fail(const std::string& action) {
  throw Error("automock CA: cannot " + action + ": " + openssl_reason());
}

void check(int result, const std::string& action) {
  if (result != 1) fail(action);
}

Key new_key() {
  Key key{EVP_EC_gen("P-256")};
  if (!key) fail("generate an ECDSA P-256 key");
  return key;
}

std::string to_pem(const std::function<int(BIO*)>& write) {
  const Bio bio{BIO_new(BIO_s_mem())};
  if (!bio || write(bio.get()) != 1) fail("encode PEM");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

std::string certificate_to_pem(X509* certificate) {
  return to_pem([certificate](BIO* bio) { return PEM_write_bio_X509(bio, certificate); });
}

std::string key_to_pem(EVP_PKEY* key) {
  return to_pem([key](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  });
}

Bio pem_reader(const std::string& text) {
  Bio bio{BIO_new_mem_buf(text.data(), static_cast<int>(text.size()))};
  if (!bio) fail("read PEM");
  return bio;
}

void add_name_entry(X509_NAME* name, const char* field, const std::string& value) {
  check(
      X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0),
      std::string{"set the name's "} + field);
}

// A version 3 certificate for `key` named `common_name` (none when empty),
// valid from a day ago for `days` days, with a random serial number.
Certificate new_certificate(EVP_PKEY* key, const std::string& common_name, long days) {
  Certificate certificate{X509_new()};
  if (!certificate) fail("create a certificate");
  check(X509_set_version(certificate.get(), X509_VERSION_3), "set the version");
  const BigNumber serial{BN_new()};
  if (!serial || BN_rand(serial.get(), k_serial_bits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get()))) {
    fail("draw a serial number");
  }
  if (!X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -k_day_seconds) ||
      !X509_gmtime_adj(X509_getm_notAfter(certificate.get()), days * k_day_seconds)) {
    fail("set the validity");
  }
  check(X509_set_pubkey(certificate.get(), key), "set the public key");
  X509_NAME* name = X509_get_subject_name(certificate.get());
  add_name_entry(name, "O", "automock");
  if (!common_name.empty()) add_name_entry(name, "CN", common_name);
  return certificate;
}

// Adds an extension written in OpenSSL's configuration syntax; `issuer`
// signs `certificate` (itself for the CA).
void add_extension(X509* certificate, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
  if (!extension) fail("add the extension " + value);
  const int added = X509_add_ext(certificate, extension, -1);
  X509_EXTENSION_free(extension);
  check(added, "add the extension " + value);
}

void sign(X509* certificate, EVP_PKEY* key) {
  if (X509_sign(certificate, key, EVP_sha256()) == 0) fail("sign a certificate");
}

std::string ca_common_name() {
  std::array<char, 256> host{};
  ::gethostname(host.data(), host.size() - 1);
  return std::string{"automock CA on "}.append(host.data()).substr(0, k_max_common_name);
}

Certificate new_ca_certificate(EVP_PKEY* key) {
  auto certificate = new_certificate(key, ca_common_name(), k_ca_days);
  X509* self = certificate.get();
  check(X509_set_issuer_name(self, X509_get_subject_name(self)), "set the issuer");
  add_extension(self, self, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_extension(self, self, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(self, self, NID_subject_key_identifier, "hash");
  sign(self, key);
  return certificate;
}

// "DNS:<name>" or "IP:<address>" for `host`, or nullopt when it is neither
// a DNS name (letters, digits, '-', '_' and '.') nor an IP address (IPv6
// with or without brackets).
std::optional<std::string> subject_alt_name(std::string host) {
  std::array<unsigned char, sizeof(in6_addr)> address{};
  const bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  if (::inet_pton(AF_INET6, host.c_str(), address.data()) == 1 ||
      (!bracketed && ::inet_pton(AF_INET, host.c_str(), address.data()) == 1)) {
    return "IP:" + host;
  }
  if (bracketed) return std::nullopt;
  const bool dns_name = !host.empty() && host.size() <= k_max_dns_name && host.front() != '.' &&
                        host.front() != '-' &&
                        std::all_of(host.begin(), host.end(), [](unsigned char c) {
                          return std::isalnum(c) || c == '-' || c == '_' || c == '.';
                        });
  if (!dns_name) return std::nullopt;
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return "DNS:" + host;
}

void refuse_shared_key(const fs::path& key_file) {
  struct stat status {};
  if (::stat(key_file.c_str(), &status) != 0) throw_io_error(key_file, "stat", errno);
  if ((status.st_mode & 077) != 0) {
    throw InputError(key_file.string() + ": the CA's private key is readable by others; run " +
                     "`chmod 600 " + key_file.string() + "` or remove the CA directory");
  }
}

Certificate read_certificate(const fs::path& file) {
  const auto text = read_file(file);
  Certificate certificate{PEM_read_bio_X509(pem_reader(text).get(), nullptr, nullptr, nullptr)};
  ERR_clear_error();
  if (!certificate) throw InputError(file.string() + ": not a PEM certificate");
  return certificate;
}

Key read_key(const fs::path& file) {
  refuse_shared_key(file);
  const auto text = read_file(file);
  Key key{PEM_read_bio_PrivateKey(pem_reader(text).get(), nullptr, nullptr, nullptr)};
  ERR_clear_error();
  if (!key) throw InputError(file.string() + ": not a PEM private key");
  return key;
}

// Holds an flock(2) on `directory`/lock while it lives.
class DirectoryLock {
 public:
  explicit DirectoryLock(const fs::path& directory) {
    const auto file = directory / "lock";
    fd_ = UniqueFd{::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, k_private_file)};
    if (!fd_) throw_io_error(file, "open", errno);
    while (::flock(fd_.get(), LOCK_EX) != 0) {
      if (errno != EINTR) throw_io_error(file, "lock", errno);
    }
  }

 private:
  UniqueFd fd_;
};

void make_private_directory(const fs::path& directory) {
  std::error_code error;
  if (fs::create_directories(directory, error)) {
    fs::permissions(directory, static_cast<fs::perms>(k_private_directory), error);
  }
  if (error) {
    throw IoError(directory.string() + ": cannot create the CA directory: " + error.message());
  }
}

}  // namespace

fs::path ca_directory() {
  if (const char* chosen = std::getenv("AUTOMOCK_CA_DIR"); chosen && *chosen) return chosen;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data) {
    return fs::path{data} / "automock" / "ca";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return fs::path{home} / ".local" / "share" / "automock" / "ca";
  }
  throw InputError("no directory for automock's CA: set AUTOMOCK_CA_DIR (or HOME)");
}

struct CertificateAuthority::Impl {
  fs::path certificate_file;
  Certificate certificate;
  Key key;
  bool created = false;

  std::mutex mutex;
  Key leaf_key;  // one for every leaf, made on first use
  std::map<std::string, LeafCertificate> leaves;

  LeafCertificate mint(const std::string& alt_name) {
    if (!leaf_key) leaf_key = new_key();
    const auto name = alt_name.substr(alt_name.find(':') + 1);
    auto leaf =
        new_certificate(leaf_key.get(), name.size() <= k_max_common_name ? name : "", k_leaf_days);
    X509* issuer = certificate.get();
    check(X509_set_issuer_name(leaf.get(), X509_get_subject_name(issuer)), "set the issuer");
    add_extension(leaf.get(), issuer, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(leaf.get(), issuer, NID_key_usage, "critical,digitalSignature");
    add_extension(leaf.get(), issuer, NID_ext_key_usage, "serverAuth");
    add_extension(leaf.get(), issuer, NID_subject_alt_name, alt_name);
    add_extension(leaf.get(), issuer, NID_subject_key_identifier, "hash");
    add_extension(leaf.get(), issuer, NID_authority_key_identifier, "keyid:always");
    sign(leaf.get(), key.get());
    return LeafCertificate{certificate_to_pem(leaf.get()) + certificate_to_pem(issuer),
                           key_to_pem(leaf_key.get())};
  }
};

CertificateAuthority CertificateAuthority::open_or_create(const fs::path& directory) {
  make_private_directory(directory);
  const DirectoryLock lock{directory};
  auto impl = std::make_unique<Impl>();
  impl->certificate_file = directory / "ca.pem";
  const auto key_file = directory / "ca-key.pem";
  const bool has_certificate = fs::exists(impl->certificate_file);
  if (has_certificate != fs::exists(key_file)) {
    throw InputError((has_certificate ? key_file : impl->certificate_file).string() +
                     ": missing, while the rest of the CA is there; remove " + directory.string() +
                     " to make a new CA");
  }
  if (has_certificate) {
    impl->key = read_key(key_file);
    impl->certificate = read_certificate(impl->certificate_file);
    if (X509_check_private_key(impl->certificate.get(), impl->key.get()) != 1) {
      ERR_clear_error();
      throw InputError(key_file.string() + ": not the key of " + impl->certificate_file.string());
    }
  } else {
    impl->key = new_key();
    impl->certificate = new_ca_certificate(impl->key.get());
    write_file_atomic(key_file, key_to_pem(impl->key.get()), WriteMode::create_new, k_private_file);
    write_file_atomic(impl->certificate_file, certificate_to_pem(impl->certificate.get()),
                      WriteMode::create_new);
    impl->created = true;
  }
  return CertificateAuthority{std::move(impl)};
}

CertificateAuthority::CertificateAuthority(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CertificateAuthority::CertificateAuthority(CertificateAuthority&&) noexcept = default;
CertificateAuthority& CertificateAuthority::operator=(CertificateAuthority&&) noexcept = default;
CertificateAuthority::~CertificateAuthority() = default;

const fs::path& CertificateAuthority::certificate_file() const {
  return impl_->certificate_file;
}

bool CertificateAuthority::created() const {
  return impl_->created;
}

std::string CertificateAuthority::certificate_pem() const {
  return certificate_to_pem(impl_->certificate.get());
}

LeafCertificate CertificateAuthority::leaf_for(const std::string& host) {
  const auto alt_name = subject_alt_name(host);
  if (!alt_name) {
    throw InputError("'" + host + "' is neither a DNS name nor an IP address: no certificate");
  }
  std::lock_guard lock{impl_->mutex};
  auto found = impl_->leaves.find(*alt_name);
  if (found == impl_->leaves.end()) {
    found = impl_->leaves.emplace(*alt_name, impl_->mint(*alt_name)).first;
  }
  return found->second;
}

}  // namespace automock::net
