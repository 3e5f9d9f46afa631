/**
 * HA: guests marked HA are restarted on another host when theirs dies, and never run on two hosts at once.
 * Fencing comes first ({@link io.virtkit.cluster.internal.ha.SelfFencing}, on every host), recovery second
 * ({@link io.virtkit.cluster.internal.ha.HaRecovery}, on the elected leader only).
 *
 * <h2>The timing argument: why a guest never runs twice</h2>
 * Names: C = this host's {@code lastContactNanos} (the <em>send</em> time of the last request the ensemble
 * answered), T = the session timeout the ensemble granted, F = fenceAfter (configured, else T/2; always &lt; T),
 * M = haRestartMarginMs, E = the moment the ensemble expires the session.
 * <ol>
 * <li><b>The ensemble expires a session no earlier than C + T.</b> It expires a session it has not heard for T.
 * It heard this host after C (the answered request was sent at C and arrived later), so E &ge; C + T. A change of
 * ensemble leader only restarts the count (the new leader gives every session a fresh T), and ZooKeeper rounds
 * expiry up to its tick, both only later. Clocks: both sides measure durations (monotonic time), never wall
 * clocks; their rates differ by parts per million, which M covers many times over.</li>
 * <li><b>The host stops its HA guests by C + T.</b> Its watchdog (own thread, 100 ms tick) fences when
 * now &minus; C &gt; F, i.e. from C + F + one tick, and destroys the domains in parallel; they have until C + T, a
 * budget of T &minus; F (T/2 by default, 5 s with the default 10 s timeout; a test driver or QEMU destroy takes
 * milliseconds). Every fence logs how long it took and how much of the budget was left. A destroy still running
 * at C + T is left to finish on its own thread (the watchdog goes on) and said loudly: the disk leases are then
 * the second line (the old QEMU holds its disks' locks, so a new QEMU elsewhere fails to start and recovery
 * retries until the old one is gone).</li>
 * <li><b>Ownership ends no earlier than E.</b> A lease is an ephemeral znode of its owner's session: it vanishes at
 * E, or earlier only when its owner deletes it itself, which it does only after its domain stopped (a clean stop,
 * a crash, or self-fencing reported through {@code LocalLeases.fenced}).</li>
 * <li><b>Recovery starts a guest no earlier than E + M.</b> The leader reads /guests and /leases every second and
 * restarts a guest only once it has seen it without a lease continuously for M, counted from its own first
 * observation (which comes after the lease vanished) and, for a new leader, from its election (it cannot know
 * when the lease vanished). The start itself takes the lease first (create fails if anyone holds it), so two
 * starts can never both run; and no member's inventory may show the guest's UUID running.</li>
 * </ol>
 * So the old instance is gone by C + T &le; E, and the new one starts after E + M.
 *
 * <h2>The cases</h2>
 * <ul>
 * <li><b>Host killed (JVM and QEMU):</b> its guests die with it; its session expires at E &ge; C + T; the leader
 * restarts its HA guests after E + M on the hosts placement chooses (the dead host is no member any more).</li>
 * <li><b>Host cut off but alive:</b> it hears nothing from the ensemble; its watchdog destroys its HA guests from
 * C + F (before E, by 1 and 2); the others restart them after E + M. Its non-HA guests keep running (said in the
 * log); nobody restarts those.</li>
 * <li><b>The leader dies (or is cut off):</b> its LeaderLatch node is ephemeral too: another host is elected at
 * E_leader at the earliest and starts counting M at its election, so it never acts on an observation the old
 * leader made. A cut-off leader stops acting at SUSPENDED (about 2/3 T after its last contact, before its session
 * can expire), and its writes could not reach the ensemble anyway; a start both of them sent would still be
 * refused by the lease.</li>
 * <li><b>A host back after a partition:</b> its session expired, its leases are gone, and it sees NEW_SESSION
 * (after Curator's LOST, at which the watchdog fences whatever HA guest it still held). It never restarts fenced
 * guests itself: the fenced guests are no longer running, and the guests agent re-takes leases on NEW_SESSION only
 * for guests still running there; recovery (if the margin passed) has restarted them elsewhere already. When the
 * session survived (the partition was shorter than T but longer than F), the agent deletes the fenced guests'
 * leases as soon as the ensemble answers, and recovery restarts them after M.</li>
 * <li><b>Quorum lost everywhere:</b> no host hears the ensemble: every host fences its HA guests after F (as
 * Proxmox does: HA guests run only where a quorum vouches for them); non-HA guests are untouched. No leader acts
 * (LeaderLatch loses leadership on SUSPENDED and recovery also checks the quorum before every action), so nothing
 * is restarted until a quorum is back; then the fenced guests' leases go (deleted by their agents, or expired) and
 * recovery restarts them after M.</li>
 * </ul>
 * <h2>What software fencing cannot cover</h2>
 * A host whose JVM is frozen (a stop-the-world pause, SIGSTOP) longer than T &minus; F while its QEMU processes run
 * on cannot fence in time; Proxmox resets such a host with a hardware (or softdog) watchdog. Here the disk leases
 * are what keeps a second QEMU off the same disks; the watchdog logs a tick that came late.
 */
package io.virtkit.cluster.internal.ha;
