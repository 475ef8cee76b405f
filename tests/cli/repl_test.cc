// The REPL driven under a pseudo-terminal, as a person would use it.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "tests/test_support.h"

using splot::testing::RunCommand;
using splot::testing::TempDir;
using splot::testing::WriteFile;

namespace {

class Terminal {
 public:
  Terminal(const std::string& db, const std::string& home) {
    struct winsize ws = {40, 120, 0, 0};
    pid_ = forkpty(&fd_, nullptr, nullptr, &ws);
    if (pid_ == 0) {
      setenv("HOME", home.c_str(), 1);
      setenv("TERM", "xterm", 1);
      execl(SPLOT_BINARY, SPLOT_BINARY, "--db", db.c_str(), "repl", static_cast<char*>(nullptr));
      _exit(127);
    }
    fcntl(fd_, F_SETFL, O_NONBLOCK);
  }
  ~Terminal() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(fd_);
  }
  void Type(const std::string& text) {
    for (char c : text) {
      ssize_t n = write(fd_, &c, 1);
      (void)n;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  // Waits until the line editor has the terminal in raw mode (`raw`) or has
  // handed it back in cooked mode. The line editor prints its prompt before
  // it switches the terminal to raw mode, so a key typed the instant the
  // prompt shows would still meet the cooked line discipline (which turns
  // Ctrl-D into an empty read of its own); a person is never that fast.
  bool WaitForMode(bool raw, int timeout_ms = 15000) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < end) {
      struct termios mode {};
      if (tcgetattr(fd_, &mode) == 0 && ((mode.c_lflag & ICANON) == 0) == raw) return true;
      ReadUntil("\x01", 5);
    }
    return false;
  }
  // Types at the prompt, once the line editor is listening.
  void Enter(const std::string& text) {
    WaitForMode(true);
    Type(text);
  }
  // Reads until `needle` appears in what was read since the last call, or
  // the timeout passes; returns what was read.
  std::string ReadUntil(const std::string& needle, int timeout_ms = 15000) {
    std::string got;
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < end) {
      struct pollfd p = {fd_, POLLIN, 0};
      if (poll(&p, 1, 50) > 0) {
        char buf[4096];
        ssize_t n = read(fd_, buf, sizeof buf);
        if (n > 0) got.append(buf, static_cast<size_t>(n));
        if (n <= 0 && !(n < 0 && errno == EAGAIN)) break;
      }
      if (got.find(needle) != std::string::npos) break;
    }
    screen_ += got;
    return got;
  }
  int Wait() {
    int status = 0;
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < end) {
      pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      ReadUntil("\x01", 50);
    }
    return -2;
  }
  const std::string& screen() const { return screen_; }

 private:
  int fd_ = -1;
  pid_t pid_ = -1;
  std::string screen_;
};

}  // namespace

TEST_CASE("the REPL under a terminal: multi-line query, commands, errors, Ctrl-C, history",
          "[cli][repl]") {
  TempDir dir;
  WriteFile(dir.path() / "nodes.csv",
            "id,label,name\n0,Country,Białoruś\n1,City,Mińsk\n2,City,Grodno\n");
  WriteFile(dir.path() / "edges.csv", "src,dst,type\n1,0,LOCATED_IN\n2,0,LOCATED_IN\n");
  std::string db = dir.str() + "/db";
  std::string out;
  REQUIRE(RunCommand(std::string("'") + SPLOT_BINARY + "' --db '" + db + "' import --nodes '" +
                         dir.str() + "/nodes.csv' --edges '" + dir.str() + "/edges.csv'",
                     &out, true) == 0);
  {
    Terminal t(db, dir.str());
    REQUIRE(t.ReadUntil("splot> ").find(":help") != std::string::npos);

    // A statement over three lines: the continuation prompt, then the table.
    t.Enter("MATCH (c:City)\r");
    CHECK(t.ReadUntil("...> ").find("...> ") != std::string::npos);
    t.Enter("RETURN c.name AS city\r");
    t.ReadUntil("...> ");
    t.Enter("ORDER BY city;\r");
    std::string table = t.ReadUntil("rows");
    CHECK(table.find("│ city   │") != std::string::npos);
    CHECK(table.find("│ Grodno │") != std::string::npos);
    CHECK(table.find("│ Mińsk  │") != std::string::npos);
    CHECK(table.find("2 rows") != std::string::npos);

    // A shell command.
    t.Enter(":stats\r");
    CHECK(t.ReadUntil("LOCATED_IN").find("nodes 3, edges 2") != std::string::npos);

    // A parse error shows the caret and the session goes on.
    t.Enter("MATCH (n RETURN n;\r");
    std::string error = t.ReadUntil("splot> ");
    CHECK(error.find("line 1, column 10") != std::string::npos);
    CHECK(error.find("^") != std::string::npos);

    // Ctrl-C cancels a long statement and keeps the session. It goes in once
    // the line editor has handed the terminal back (the statement is running),
    // so it lands on the statement, not on the prompt.
    t.Enter("UNWIND range(1, 2000000000) AS x RETURN count(x);\r");
    REQUIRE(t.WaitForMode(false));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    t.Type("\x03");
    CHECK(t.ReadUntil("splot> ").find("cancelled") != std::string::npos);
    t.Enter("RETURN 40 + 2 AS answer;\r");
    std::string answer = t.ReadUntil("splot> ");
    CHECK(answer.find("42") != std::string::npos);
    CHECK(answer.find("1 row") != std::string::npos);

    // Ctrl-D leaves.
    t.Enter("\x04");
    int exit_code = t.Wait();
    INFO(t.screen());
    CHECK(exit_code == 0);
  }
  // The statements went into the history file (libedit writes spaces as \040).
  std::string history = splot::testing::ReadFile(dir.path() / ".splot_history");
  for (size_t at; (at = history.find("\\040")) != std::string::npos;) history.replace(at, 4, " ");
  INFO(history);
  CHECK(history.find("RETURN 40 + 2 AS answer;") != std::string::npos);
}
