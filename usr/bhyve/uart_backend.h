/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where a UART's bytes go: the backend named by the "console" variable.
 *  - "stdio": the process's stdin/stdout, stdin in raw mode while the VM
 *    runs when it is a terminal;
 *  - "pty": a pseudo-terminal that terminal programs attach to and leave
 *    at will (backend/pty.h), linked as RUNDIR_BASE/<vmname>/console.
 */
#ifndef BHYVE_UART_BACKEND_H
#define BHYVE_UART_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct uart_backend;

/* Whether a "console" value names a backend this build has. */
bool uart_backend_valid(const char *spec);

/*
 * NULL and one line (no newline) in err. Touches no terminal. A pty says
 * where it is, in one line on stderr; vmname names its link's directory
 * (NULL: no link).
 */
struct uart_backend *uart_backend_open(const char *spec, const char *vmname,
				       char *err, size_t errlen);
void uart_backend_close(struct uart_backend *be);

/*
 * Raw mode on a terminal stdin, until uart_backend_restore(), which every
 * exit path calls (it is also registered with atexit) and which may be
 * called any number of times.
 */
int uart_backend_start(struct uart_backend *be);
void uart_backend_restore(void);

/*
 * Input is announced, not just polled: ready(arg) is called on the event
 * loop's thread (mevent.h) whenever input waits, so the UART can pull it
 * (through uart_backend_rx) and raise its interrupt. A UART whose FIFO is
 * full pauses the announcements with uart_backend_rx_pause. At end of
 * input the backend stops watching. 0, or -1 and errno.
 */
int uart_backend_watch(struct uart_backend *be, void (*ready)(void *arg),
		       void *arg);

/* The pl011_ops callbacks; arg is the backend. */
void uart_backend_tx(void *arg, uint8_t c);
size_t uart_backend_rx(void *arg, uint8_t *buf, size_t len);
void uart_backend_rx_pause(void *arg, bool pause);

#endif
