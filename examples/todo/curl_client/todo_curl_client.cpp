#include "todo_curl_client.hpp"

#include <curl/curl.h>

#include <nlohmann/json.hpp>

namespace todo {

namespace {

size_t append(char* data, size_t size, size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& header) { list = curl_slist_append(list, header.c_str()); }
};

}  // namespace

TodoCurlClient::TodoCurlClient(CurlSettings settings, std::string token)
    : curl_(curl_easy_init()),
      settings_(std::move(settings)),
      authorization_("Authorization: Bearer " + std::move(token)) {
  if (curl_ == nullptr) throw CurlClientError("libcurl: cannot make a handle");
}

TodoCurlClient::~TodoCurlClient() {
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

int64_t TodoCurlClient::add(const std::string& title) {
  const std::string body = nlohmann::json{{"title", title}}.dump();
  return nlohmann::json::parse(call("/v1/todos", &body)).at("id").get<int64_t>();
}

std::vector<std::string> TodoCurlClient::titles() {
  std::vector<std::string> titles;
  for (const auto& todo : nlohmann::json::parse(call("/v1/todos", nullptr))) {
    titles.push_back(todo.at("title").get<std::string>());
  }
  return titles;
}

// GET `path`, or POST `body` as JSON to it; the answer's body.
std::string TodoCurlClient::call(const std::string& path, const std::string* body) {
  auto* curl = static_cast<CURL*>(curl_);
  const std::string url = k_base_url + path;
  std::string answer;
  HeaderList headers;
  headers.add(authorization_);
  headers.add("Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 2000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  if (!settings_.proxy.empty()) curl_easy_setopt(curl, CURLOPT_PROXY, settings_.proxy.c_str());
  if (!settings_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (body != nullptr) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->c_str());
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }
  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) throw CurlClientError(url + ": " + curl_easy_strerror(code));
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 400)
    throw CurlClientError(url + ": HTTP " + std::to_string(status) + ": " + answer);
  return answer;
}

}  // namespace todo
