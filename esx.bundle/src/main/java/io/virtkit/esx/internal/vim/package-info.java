/**
 * A vSphere API (SOAP over HTTPS) client of our own, JDK HTTP client and StAX only: sessions, the property
 * collector, tasks, faults and datastore file transfer. Generic on purpose: requests and answers are
 * {@link io.virtkit.esx.internal.vim.VimNode} trees, so fields a newer server adds cannot break it.
 */
package io.virtkit.esx.internal.vim;
