/**
 * The text progress bar of {@code Progress.bar()} and the terminal line it shares with the
 * output the library relays from its children.
 */
package org.multiprocessing4j.internal.progress;
