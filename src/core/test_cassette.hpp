#pragma once
// Where a GoogleTest test's cassette lives: <root>/<Suite>/<Test>, each part
// with every character but letters, digits, '_' and '-' replaced by '_'
// (parameterised names hold '/'). Shared by CassetteTest and `automock sweep`.

#include <filesystem>
#include <string_view>

namespace automock {

std::filesystem::path test_cassette_path(const std::filesystem::path& root, std::string_view suite,
                                         std::string_view test);

}  // namespace automock
