/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-mmio transport, version 2 (virtio 1.x, 4.2), one per slot:
 * VMMIO_SIZE bytes of registers and an interrupt where the machine puts
 * the slot (machine_virtio_slot), a device-tree node "virtio_mmio@<addr>".
 *
 * A device model describes itself with a struct virtio_dev_ops and gets
 * a struct vmmio. Locking: every transport has one mutex; register
 * accesses take it, and the ops callbacks run with it held. Device code
 * running on its own thread (an mevent callback) takes it with
 * vmmio_lock() before touching its queues. All other vmmio_* calls made
 * by a device expect the lock held.
 */
#ifndef BHYVE_VIRTIO_MMIO_H
#define BHYVE_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "virtqueue.h"

#define VMMIO_MAX_QUEUES 4
#define VMMIO_MAX_SLOTS	 32
#define VMMIO_SIZE	 0x200ULL /* the registers, config space included */
/* VendorID: "BHYV" as bytes in guest memory order (little-endian) */
#define VMMIO_VENDOR_ID	 0x56594842u

/* Register offsets (4.2.2) */
#define VMMIO_MAGIC_VALUE	 0x000
#define VMMIO_VERSION		 0x004
#define VMMIO_DEVICE_ID		 0x008
#define VMMIO_VENDOR		 0x00c
#define VMMIO_DEVICE_FEATURES	 0x010
#define VMMIO_DEVICE_FEATURES_SEL 0x014
#define VMMIO_DRIVER_FEATURES	 0x020
#define VMMIO_DRIVER_FEATURES_SEL 0x024
#define VMMIO_QUEUE_SEL		 0x030
#define VMMIO_QUEUE_NUM_MAX	 0x034
#define VMMIO_QUEUE_NUM		 0x038
#define VMMIO_QUEUE_READY	 0x044
#define VMMIO_QUEUE_NOTIFY	 0x050
#define VMMIO_INTERRUPT_STATUS	 0x060
#define VMMIO_INTERRUPT_ACK	 0x064
#define VMMIO_STATUS		 0x070
#define VMMIO_QUEUE_DESC_LOW	 0x080
#define VMMIO_QUEUE_DESC_HIGH	 0x084
#define VMMIO_QUEUE_DRIVER_LOW	 0x090
#define VMMIO_QUEUE_DRIVER_HIGH	 0x094
#define VMMIO_QUEUE_DEVICE_LOW	 0x0a0
#define VMMIO_QUEUE_DEVICE_HIGH	 0x0a4
#define VMMIO_SHM_SEL		 0x0ac
#define VMMIO_SHM_LEN_LOW	 0x0b0
#define VMMIO_SHM_LEN_HIGH	 0x0b4
#define VMMIO_SHM_BASE_LOW	 0x0b8
#define VMMIO_SHM_BASE_HIGH	 0x0bc
#define VMMIO_CONFIG_GENERATION	 0x0fc
#define VMMIO_CONFIG		 0x100

#define VMMIO_MAGIC	0x74726976u /* "virt" */
#define VMMIO_INT_VRING	 1u /* InterruptStatus: used buffer */
#define VMMIO_INT_CONFIG 2u /* InterruptStatus: configuration change */

struct vmmio;

/* What a device model tells the transport about itself. */
struct virtio_dev_ops {
	const char *name;	/* "virtio-blk" */
	uint32_t device_id;	/* VIRTIO_ID_* */
	unsigned int nqueues;	/* 1..VMMIO_MAX_QUEUES */
	uint16_t queue_max;	/* QueueNumMax of each queue, a power of 2 */
	uint32_t config_size;	/* bytes of device configuration space */
	/* len bytes (1..8) at off, off + len <= config_size, little-endian */
	void (*cfg_read)(void *sc, uint32_t off, void *buf, unsigned int len);
	/* NULL: the configuration space is read-only */
	void (*cfg_write)(void *sc, uint32_t off, const void *buf,
			  unsigned int len);
	/*
	 * The driver notified queue q (it is set up, DRIVER_OK is set).
	 * Runs on the vCPU thread that wrote QueueNotify.
	 */
	void (*notify)(void *sc, struct vmmio *vm, unsigned int q);
	/*
	 * The driver set FEATURES_OK and the device accepted: features are
	 * the negotiated set, fixed until the next reset (NULL: nothing to
	 * do).
	 */
	void (*features_ok)(void *sc, uint64_t features);
	/* Device reset (Status written with 0): forget in-flight state. */
	void (*reset)(void *sc);
	/* vmmio_destroy(): release the device's resources and sc */
	void (*destroy)(void *sc);
};

/*
 * features: the device-specific bits offered; the transport adds
 * VERSION_1, INDIRECT_DESC and EVENT_IDX. mem: guest RAM (kept, not
 * copied). NULL and errno (EINVAL for bad ops, ENOMEM).
 */
struct vmmio *vmmio_create(const struct virtio_dev_ops *ops, void *sc,
			   uint64_t features, const struct vq_mem *mem);
/*
 * Registers the device of slot (device_register) at base, with interrupt
 * intid; -1 and errno.
 */
int vmmio_attach(struct vmmio *vm, unsigned int slot, uint64_t base,
		 int intid);
/* Calls ops->destroy(sc) too. Not while the VM runs (no unregister). */
void vmmio_destroy(struct vmmio *vm);

void vmmio_lock(struct vmmio *vm);
void vmmio_unlock(struct vmmio *vm);

/* The register file, also the bus callbacks' body (tests call these). */
uint64_t vmmio_read(struct vmmio *vm, uint64_t off, int size);
void vmmio_write(struct vmmio *vm, uint64_t off, int size, uint64_t val);

/* ---- for device models (lock held) ------------------------------------ */

struct virtqueue *vmmio_vq(struct vmmio *vm, unsigned int q);
uint64_t vmmio_features(const struct vmmio *vm); /* negotiated */
/* DRIVER_OK and not DEVICE_NEEDS_RESET: queues may be used */
bool vmmio_running(const struct vmmio *vm);
/* After vq_push()es on q: interrupt the driver if it wants it. */
void vmmio_queue_done(struct vmmio *vm, unsigned int q);
/* Configuration changed: new ConfigGeneration and an interrupt. */
void vmmio_config_changed(struct vmmio *vm);
/* The guest broke a rule: DEVICE_NEEDS_RESET (2.1.2), queues stop. */
void vmmio_needs_reset(struct vmmio *vm);
/* The interrupt line as last driven (tests). */
bool vmmio_irq_level(const struct vmmio *vm);

/*
 * Serves every available chain of queue q with fn, which fills the chain
 * and returns the bytes it wrote into it (the used length), then returns
 * the chain, with notifications suppressed while it runs (2.7.10) and an
 * interrupt at the end if the driver wants one. A malformed chain sets
 * DEVICE_NEEDS_RESET. Returns the number of chains served.
 */
typedef uint32_t (*vmmio_chain_fn)(void *sc, struct iovec *iov,
				   const struct vq_chain *ch);
unsigned int vmmio_drain(struct vmmio *vm, unsigned int q, struct iovec *iov,
			 unsigned int niov, vmmio_chain_fn fn, void *sc);

#endif
