#pragma once
// Escaping shared by the report writers: the coverage gate's outputs and the
// drift report of `automock fixtures verify`. Pure functions, any thread.

#include <string>

namespace automock::coverage {

// `text` with the characters Markdown tables and emphasis read (| * _) escaped.
std::string markdown_escape(const std::string& text);

// GitHub workflow commands: the message of "::error ...::message" (%, CR and
// LF escaped) and a property value such as file= or title= (also : and ,).
std::string github_data(const std::string& text);
std::string github_property(const std::string& text);

// A token no report can guess, for GitHub's ::stop-commands::TOKEN.
std::string stop_commands_token();

}  // namespace automock::coverage
