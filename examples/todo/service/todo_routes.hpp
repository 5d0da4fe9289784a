#pragma once
// The example REST API over cpp-httplib:
//   GET    /health                      200 {"status":"ok","version":...}
//   GET    /v1/todos?done=&tag=&q=      200 [todo...]
//   POST   /v1/todos {title, tags?}     201 todo | 400
//   GET    /v1/todos/{id}               200 todo | 404
//   PATCH  /v1/todos/{id} {title?,done?} 200 todo | 404 | 400
//   DELETE /v1/todos/{id}               204 | 404
//   GET    /stats                       200 {"requests":{"GET":3,"POST":1}}
// Every /v1 route needs "Authorization: Bearer <token>"; the token names the
// user whose list is used. /stats counts the requests answered so far by
// method (itself left out), so a test can prove what a client did not send.

#include <httplib.h>

#include <string>

#include "todo_store.hpp"

namespace todo {

struct ServiceOptions {
  std::string version = "1";
  bool healthy = true;  // false: /health answers 503 (a bad build, for the rollback demo)
  // The name of a todo's title in answers: another name is a release that
  // breaks its clients (for the contract stage demo).
  std::string title_field = "title";
  // A member added to every todo in answers (null), "" for none: a release
  // that its clients take in their stride.
  std::string added_field;
};

void install_routes(httplib::Server& server, Store& store, const ServiceOptions& options);

}  // namespace todo
