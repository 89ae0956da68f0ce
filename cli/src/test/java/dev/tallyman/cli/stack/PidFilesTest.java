package dev.tallyman.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFilesTest {
  @TempDir Path tmp;

  @Test
  void liveProcessIsRunningAndAnExitedOneIsStale() throws Exception {
    PidFiles pids = new PidFiles(tmp);
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      pids.write("sleeper", sleeper.pid());
      assertThat(pids.names()).containsExactly("sleeper");
      assertThat(pids.read("sleeper").orElseThrow().running()).isTrue();
    } finally {
      sleeper.destroy();
      sleeper.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(pids.read("sleeper").orElseThrow().running()).isFalse();
    pids.remove("sleeper");
    assertThat(pids.names()).isEmpty();
  }

  @Test
  void aRecycledPidWithAnotherStartTimeIsNotOurs() throws Exception {
    PidFiles pids = new PidFiles(tmp);
    long self = ProcessHandle.current().pid();
    // our own PID but a start time of 1970: must not count as the recorded process
    Files.writeString(tmp.resolve("old.pid"), self + "\n1000\n");
    assertThat(pids.read("old").orElseThrow().running()).isFalse();
    Files.writeString(tmp.resolve("garbage.pid"), "not a pid");
    assertThat(pids.read("garbage")).isEmpty();
  }

  @Test
  void namesCannotEscapeThePidDir() {
    assertThatThrownBy(() -> new PidFiles(tmp).write("../x", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
