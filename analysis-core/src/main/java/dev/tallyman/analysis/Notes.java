package dev.tallyman.analysis;

import java.util.ArrayList;
import java.util.List;

/** Things skipped during analysis, with reasons. Bounded so hostile input cannot flood it. */
public final class Notes {
  private static final int MAX = 200;
  private final List<String> notes = new ArrayList<>();
  private int dropped;

  public synchronized void add(String note) {
    if (notes.size() < MAX) {
      notes.add(note);
    } else {
      dropped++;
    }
  }

  /** Replays another collector's notes as if they had been added here one by one. */
  public void addAll(List<String> kept, int droppedElsewhere) {
    kept.forEach(this::add);
    synchronized (this) {
      // they were dropped after at least MAX others, so they would be dropped here too
      dropped += droppedElsewhere;
    }
  }

  /** The notes kept, without the "dropped" summary. */
  public synchronized List<String> kept() {
    return List.copyOf(notes);
  }

  public synchronized int dropped() {
    return dropped;
  }

  public synchronized List<String> list() {
    List<String> out = new ArrayList<>(notes);
    if (dropped > 0) {
      out.add(dropped + " more notes dropped");
    }
    return List.copyOf(out);
  }
}
