// automock ca: the certificate authority the forward proxy's HTTPS
// interception signs with (src/net/certificate_authority.hpp).

#include <iostream>

#include "cli/command.hpp"
#include "net/certificate_authority.hpp"

namespace automock::cli {

Runner define_ca(CLI::App& app) {
  app.require_subcommand(1);
  auto* init = app.add_subcommand("init", "Create the CA unless it exists; print where it is");
  app.add_subcommand("path", "Print the CA certificate's path (creating the CA on first use)");
  app.footer(
      "The CA lives in $AUTOMOCK_CA_DIR, else $XDG_DATA_HOME/automock/ca, else\n"
      "~/.local/share/automock/ca: ca.pem is the certificate clients trust, ca-key.pem\n"
      "its private key (mode 0600). See docs/ca.md for making clients trust it.");
  return [init] {
    const auto directory = net::ca_directory();
    const auto authority = net::CertificateAuthority::open_or_create(directory);
    if (init->parsed()) {
      std::cout << (authority.created() ? "created" : "exists") << ": "
                << authority.certificate_file().string() << '\n';
    } else {
      std::cout << authority.certificate_file().string() << '\n';
    }
    return Outcome::ok;
  };
}

}  // namespace automock::cli
