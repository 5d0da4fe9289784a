// automock's CA: created once with private files, loaded after, refused when
// its files are wrong; its leaves pass a strict OpenSSL verification for
// their host only, and in a real TLS handshake (client and server over a
// socket pair, SNI and host name checked).
#include "net/certificate_authority.hpp"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <automock/error.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock::net {
namespace {

namespace fs = std::filesystem;

mode_t mode_of(const fs::path& path) {
  struct stat status {};
  EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
  return status.st_mode & 0777;
}

std::string thrown_by(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

// The first certificate of `pem`.
std::unique_ptr<X509, decltype(&X509_free)> first_certificate(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio{BIO_new_mem_buf(pem.data(), -1), BIO_free};
  return {PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free};
}

// X509_V_OK when `leaf` verifies strictly against `ca` for `host`.
int verify_for_host(const std::string& ca, const std::string& leaf, const std::string& host,
                    bool ip) {
  auto root = first_certificate(ca);
  auto certificate = first_certificate(leaf);
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store{X509_STORE_new(), X509_STORE_free};
  X509_STORE_add_cert(store.get(), root.get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> context{X509_STORE_CTX_new(),
                                                                          X509_STORE_CTX_free};
  X509_STORE_CTX_init(context.get(), store.get(), certificate.get(), nullptr);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(context.get());
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT);
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
  if (ip) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  } else {
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
  }
  X509_verify_cert(context.get());
  ERR_clear_error();
  return X509_STORE_CTX_get_error(context.get());
}

class CertificateAuthorityTest : public ::testing::Test {
 protected:
  fs::path directory() const { return dir_.path() / "ca"; }
  test::TempDir dir_;
};

TEST_F(CertificateAuthorityTest, IsCreatedOnceWithPrivateFilesThenLoaded) {
  const auto made = CertificateAuthority::open_or_create(directory());
  EXPECT_TRUE(made.created());
  EXPECT_EQ(made.certificate_file(), directory() / "ca.pem");
  EXPECT_EQ(mode_of(directory()), 0700u);
  EXPECT_EQ(mode_of(directory() / "ca-key.pem"), 0600u);
  const auto loaded = CertificateAuthority::open_or_create(directory());
  EXPECT_FALSE(loaded.created());
  EXPECT_EQ(loaded.certificate_pem(), made.certificate_pem());
}

TEST_F(CertificateAuthorityTest, ThreadsCreatingItAtOnceGetOneCa) {
  constexpr int k_threads = 8;
  std::vector<std::string> certificates(k_threads);
  std::vector<std::thread> threads;
  for (int n = 0; n < k_threads; ++n) {
    threads.emplace_back([&, n] {
      certificates[n] = CertificateAuthority::open_or_create(directory()).certificate_pem();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::set<std::string>(certificates.begin(), certificates.end()).size(), 1u);
}

TEST_F(CertificateAuthorityTest, AKeyOthersCanReadIsRefused) {
  CertificateAuthority::open_or_create(directory());
  fs::permissions(directory() / "ca-key.pem", fs::perms::group_read, fs::perm_options::add);
  const auto error = thrown_by([&] { CertificateAuthority::open_or_create(directory()); });
  EXPECT_NE(error.find("ca-key.pem: the CA's private key is readable by others"), std::string::npos)
      << error;
  EXPECT_NE(error.find("chmod 600"), std::string::npos) << error;
}

TEST_F(CertificateAuthorityTest, AnotherCasKeyIsRefusedNamingTheFile) {
  CertificateAuthority::open_or_create(directory());
  CertificateAuthority::open_or_create(dir_.path() / "other");
  fs::copy_file(dir_.path() / "other" / "ca-key.pem", directory() / "ca-key.pem",
                fs::copy_options::overwrite_existing);
  const auto error = thrown_by([&] { CertificateAuthority::open_or_create(directory()); });
  EXPECT_NE(error.find("ca-key.pem: not the key of"), std::string::npos) << error;
}

TEST_F(CertificateAuthorityTest, AHalfCaOrAFileThatIsNotPemIsRefusedNamingTheFile) {
  CertificateAuthority::open_or_create(directory());
  std::ofstream{directory() / "ca.pem"} << "not a certificate\n";
  auto error = thrown_by([&] { CertificateAuthority::open_or_create(directory()); });
  EXPECT_NE(error.find("ca.pem: not a PEM certificate"), std::string::npos) << error;
  fs::remove(directory() / "ca-key.pem");
  error = thrown_by([&] { CertificateAuthority::open_or_create(directory()); });
  EXPECT_NE(error.find("ca-key.pem: missing, while the rest of the CA is there"), std::string::npos)
      << error;
}

TEST_F(CertificateAuthorityTest, LeavesVerifyStrictlyForTheirHostOnly) {
  auto authority = CertificateAuthority::open_or_create(directory());
  const auto ca = authority.certificate_pem();
  const auto dns = authority.leaf_for("Api.Example.TEST").certificate_pem;
  EXPECT_EQ(verify_for_host(ca, dns, "api.example.test", false), X509_V_OK);
  EXPECT_EQ(verify_for_host(ca, dns, "other.example.test", false), X509_V_ERR_HOSTNAME_MISMATCH);
  const auto v4 = authority.leaf_for("127.0.0.1").certificate_pem;
  EXPECT_EQ(verify_for_host(ca, v4, "127.0.0.1", true), X509_V_OK);
  EXPECT_EQ(verify_for_host(ca, v4, "127.0.0.2", true), X509_V_ERR_IP_ADDRESS_MISMATCH);
  const auto v6 = authority.leaf_for("[::1]").certificate_pem;
  EXPECT_EQ(verify_for_host(ca, v6, "::1", true), X509_V_OK);
  const auto foreign = CertificateAuthority::open_or_create(dir_.path() / "other");
  EXPECT_NE(verify_for_host(foreign.certificate_pem(), dns, "api.example.test", false), X509_V_OK);
}

TEST_F(CertificateAuthorityTest, ALeafIsMintedOncePerHost) {
  auto authority = CertificateAuthority::open_or_create(directory());
  const auto first = authority.leaf_for("api.example.test");
  EXPECT_EQ(authority.leaf_for("API.example.test").certificate_pem, first.certificate_pem);
  EXPECT_NE(authority.leaf_for("b.example.test").certificate_pem, first.certificate_pem);
}

TEST_F(CertificateAuthorityTest, AHostThatIsNeitherANameNorAnAddressGetsNoCertificate) {
  auto authority = CertificateAuthority::open_or_create(directory());
  for (const std::string host : {"", "a,DNS:evil.test", "a b", "-x.test", ".x", "x/y", "[x]"}) {
    EXPECT_NE(thrown_by([&] { authority.leaf_for(host); }).find("neither a DNS name"),
              std::string::npos)
        << host;
  }
}

// A TLS server with `leaf` on one end of a socket pair, a client that trusts
// only `ca` and asks for `host` (SNI and name check) on the other; returns
// what the client's handshake verified (X509_V_OK or the error).
long handshake(const std::string& ca, const LeafCertificate& leaf, const std::string& host) {
  int sockets[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> server_context{SSL_CTX_new(TLS_server_method()),
                                                                   SSL_CTX_free};
  std::unique_ptr<BIO, decltype(&BIO_free)> chain{BIO_new_mem_buf(leaf.certificate_pem.data(), -1),
                                                  BIO_free};
  std::unique_ptr<BIO, decltype(&BIO_free)> key{BIO_new_mem_buf(leaf.private_key_pem.data(), -1),
                                                BIO_free};
  // use_* take references of their own; add_extra_chain_cert takes ours.
  const std::unique_ptr<X509, decltype(&X509_free)> certificate{
      PEM_read_bio_X509(chain.get(), nullptr, nullptr, nullptr), X509_free};
  const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> private_key{
      PEM_read_bio_PrivateKey(key.get(), nullptr, nullptr, nullptr), EVP_PKEY_free};
  SSL_CTX_use_certificate(server_context.get(), certificate.get());
  SSL_CTX_add_extra_chain_cert(server_context.get(),
                               PEM_read_bio_X509(chain.get(), nullptr, nullptr, nullptr));
  SSL_CTX_use_PrivateKey(server_context.get(), private_key.get());
  std::thread server{[&] {
    SSL* ssl = SSL_new(server_context.get());
    SSL_set_fd(ssl, sockets[1]);
    SSL_accept(ssl);
    SSL_free(ssl);
    ::close(sockets[1]);
  }};
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> client_context{SSL_CTX_new(TLS_client_method()),
                                                                   SSL_CTX_free};
  auto root = first_certificate(ca);
  X509_STORE_add_cert(SSL_CTX_get_cert_store(client_context.get()), root.get());
  X509_STORE_set_flags(SSL_CTX_get_cert_store(client_context.get()), X509_V_FLAG_X509_STRICT);
  SSL_CTX_set_verify(client_context.get(), SSL_VERIFY_PEER, nullptr);
  SSL* ssl = SSL_new(client_context.get());
  SSL_set_tlsext_host_name(ssl, host.c_str());
  SSL_set1_host(ssl, host.c_str());
  SSL_set_fd(ssl, sockets[0]);
  SSL_connect(ssl);
  const long verified = SSL_get_verify_result(ssl);
  server.join();  // before the client's end closes: the server writes after its handshake
  SSL_free(ssl);
  ::close(sockets[0]);
  ERR_clear_error();
  return verified;
}

TEST_F(CertificateAuthorityTest, AClientTrustingTheCaCompletesATlsHandshakeWithALeaf) {
  auto authority = CertificateAuthority::open_or_create(directory());
  const auto leaf = authority.leaf_for("api.example.test");
  EXPECT_EQ(handshake(authority.certificate_pem(), leaf, "api.example.test"), X509_V_OK);
  EXPECT_EQ(handshake(authority.certificate_pem(), leaf, "evil.example.test"),
            X509_V_ERR_HOSTNAME_MISMATCH);
}

TEST(CaDirectoryTest, TheOverrideThenXdgDataHomeThenHome) {
  const test::ScopedEnv home{"HOME", "/home/u"};
  {
    const test::ScopedEnv data{"XDG_DATA_HOME", std::nullopt};
    const test::ScopedEnv chosen{"AUTOMOCK_CA_DIR", std::nullopt};
    EXPECT_EQ(ca_directory(), fs::path{"/home/u/.local/share/automock/ca"});
  }
  const test::ScopedEnv data{"XDG_DATA_HOME", "/data"};
  {
    const test::ScopedEnv chosen{"AUTOMOCK_CA_DIR", std::nullopt};
    EXPECT_EQ(ca_directory(), fs::path{"/data/automock/ca"});
  }
  const test::ScopedEnv chosen{"AUTOMOCK_CA_DIR", "/ca"};
  EXPECT_EQ(ca_directory(), fs::path{"/ca"});
}

}  // namespace
}  // namespace automock::net
