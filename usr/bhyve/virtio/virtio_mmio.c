// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtio-mmio transport, version 2: see virtio_mmio.h. Section
 * numbers are those of the virtio 1.2 specification.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "virtio.h"
#include "virtio_mmio.h"
#include "device.h"
#include "machine.h"

struct vmmio_queue {
	uint16_t num;
	bool ready;
	uint64_t desc, driver, device;
	struct virtqueue vq;
};

struct vmmio {
	pthread_mutex_t mtx;
	const struct virtio_dev_ops *ops;
	void *sc;
	const struct vq_mem *mem;
	struct device dev;
	char name[32];
	bool attached;

	uint64_t dev_features, drv_features;
	uint32_t dev_features_sel, drv_features_sel, queue_sel;
	uint32_t status, isr, config_gen;
	bool irq_level;
	struct vmmio_queue q[VMMIO_MAX_QUEUES];
};

static void update_irq(struct vmmio *vm)
{
	bool level = vm->isr != 0;

	if (level == vm->irq_level)
		return;
	vm->irq_level = level;
	/* 4.2.3.4: a level-sensitive line, high while InterruptStatus != 0 */
	if (vm->attached)
		device_irq(&vm->dev, level);
}

static void vmmio_reset(struct vmmio *vm, bool device)
{
	unsigned int i;

	vm->drv_features = 0;
	vm->dev_features_sel = vm->drv_features_sel = vm->queue_sel = 0;
	vm->status = 0;
	vm->isr = 0;
	for (i = 0; i < VMMIO_MAX_QUEUES; i++) {
		memset(&vm->q[i], 0, sizeof(vm->q[i]));
		vq_reset(&vm->q[i].vq);
	}
	update_irq(vm);
	if (device && vm->ops->reset != NULL)
		vm->ops->reset(vm->sc);
}

struct vmmio *vmmio_create(const struct virtio_dev_ops *ops, void *sc,
			   uint64_t features, const struct vq_mem *mem)
{
	struct vmmio *vm;

	if (ops == NULL || ops->notify == NULL || ops->nqueues == 0 ||
	    ops->nqueues > VMMIO_MAX_QUEUES || ops->queue_max == 0 ||
	    ops->queue_max > VQ_MAX_SIZE ||
	    (ops->queue_max & (ops->queue_max - 1)) ||
	    ops->config_size > 0x100 ||
	    (ops->config_size && ops->cfg_read == NULL)) {
		errno = EINVAL;
		return NULL;
	}
	vm = calloc(1, sizeof(*vm));
	if (vm == NULL)
		return NULL;
	pthread_mutex_init(&vm->mtx, NULL);
	vm->ops = ops;
	vm->sc = sc;
	vm->mem = mem;
	/* the rings' features are the transport's business (virtqueue.c) */
	vm->dev_features = features | VIRTIO_BIT(VIRTIO_F_VERSION_1) |
			   VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) |
			   VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	vmmio_reset(vm, false);
	return vm;
}

void vmmio_destroy(struct vmmio *vm)
{
	if (vm == NULL)
		return;
	if (vm->ops->destroy != NULL)
		vm->ops->destroy(vm->sc);
	pthread_mutex_destroy(&vm->mtx);
	free(vm);
}

void vmmio_lock(struct vmmio *vm)
{
	pthread_mutex_lock(&vm->mtx);
}

void vmmio_unlock(struct vmmio *vm)
{
	pthread_mutex_unlock(&vm->mtx);
}

struct virtqueue *vmmio_vq(struct vmmio *vm, unsigned int q)
{
	return q < vm->ops->nqueues ? &vm->q[q].vq : NULL;
}

uint64_t vmmio_features(const struct vmmio *vm)
{
	return vm->drv_features;
}

bool vmmio_running(const struct vmmio *vm)
{
	return (vm->status & VIRTIO_S_DRIVER_OK) &&
	       !(vm->status & VIRTIO_S_DEVICE_NEEDS_RESET);
}

bool vmmio_irq_level(const struct vmmio *vm)
{
	return vm->irq_level;
}

void vmmio_queue_done(struct vmmio *vm, unsigned int q)
{
	if (q >= vm->ops->nqueues || !vmmio_running(vm))
		return;
	if (vq_need_interrupt(&vm->q[q].vq)) {
		vm->isr |= VMMIO_INT_VRING;
		update_irq(vm);
	}
}

void vmmio_config_changed(struct vmmio *vm)
{
	vm->config_gen++;
	/* 2.1.2, 4.2.3.4: only a driver that is up hears about it */
	if (vm->status & VIRTIO_S_DRIVER_OK) {
		vm->isr |= VMMIO_INT_CONFIG;
		update_irq(vm);
	}
}

void vmmio_needs_reset(struct vmmio *vm)
{
	if (vm->status & VIRTIO_S_DEVICE_NEEDS_RESET)
		return;
	vm->status |= VIRTIO_S_DEVICE_NEEDS_RESET;
	vmmio_config_changed(vm);
}

unsigned int vmmio_drain(struct vmmio *vm, unsigned int q, struct iovec *iov,
			 unsigned int niov, vmmio_chain_fn fn, void *sc)
{
	struct virtqueue *vq = vmmio_vq(vm, q);
	struct vq_chain ch;
	unsigned int n = 0;
	int r;

	if (vq == NULL || !vmmio_running(vm))
		return 0;
	do {
		vq_notify_disable(vq);
		while ((r = vq_pop(vq, iov, niov, &ch)) > 0) {
			vq_push(vq, ch.head, fn(sc, iov, &ch));
			n++;
		}
		if (r < 0) {
			vmmio_needs_reset(vm);
			break;
		}
	} while (vq_notify_enable(vq));
	vmmio_queue_done(vm, q);
	return n;
}

/* ---- registers -------------------------------------------------------- */

/* 4.2.2.2: FEATURES_OK only for a subset of ours that has VERSION_1 */
static bool features_acceptable(const struct vmmio *vm)
{
	return !(vm->drv_features & ~vm->dev_features) &&
	       (vm->drv_features & VIRTIO_BIT(VIRTIO_F_VERSION_1));
}

static void write_status(struct vmmio *vm, uint32_t val)
{
	uint32_t keep = vm->status & VIRTIO_S_DEVICE_NEEDS_RESET;

	if (val == 0) {
		vmmio_reset(vm, true);
		return;
	}
	val &= 0xff & ~VIRTIO_S_DEVICE_NEEDS_RESET;
	/* 3.1.1 step 5: the device leaves FEATURES_OK clear to refuse */
	if ((val & VIRTIO_S_FEATURES_OK) &&
	    !(vm->status & VIRTIO_S_FEATURES_OK)) {
		if (!features_acceptable(vm))
			val &= ~VIRTIO_S_FEATURES_OK;
		else if (vm->ops->features_ok != NULL)
			vm->ops->features_ok(vm->sc, vm->drv_features);
	}
	vm->status = val | keep;
}

static void write_queue_ready(struct vmmio *vm, struct vmmio_queue *q,
			      uint32_t val)
{
	if (!(val & 1)) {
		q->ready = false;
		vq_reset(&q->vq);
		return;
	}
	if (q->ready)
		return;
	if (vq_setup(&q->vq, vm->mem, q->num, q->desc, q->driver, q->device,
		     vm->drv_features) < 0) {
		/* a size or an area we cannot use: the driver must reset */
		vmmio_needs_reset(vm);
		return;
	}
	q->ready = true;
}

static void set_half(uint64_t *v, bool high, uint32_t val)
{
	if (high)
		*v = (*v & 0xffffffffULL) | ((uint64_t)val << 32);
	else
		*v = (*v & ~0xffffffffULL) | val;
}

static struct vmmio_queue *cur_queue(struct vmmio *vm)
{
	return vm->queue_sel < vm->ops->nqueues ? &vm->q[vm->queue_sel] : NULL;
}

static uint64_t read_config(struct vmmio *vm, uint64_t off, int size)
{
	uint8_t b[8] = { 0 };
	uint64_t v = 0;
	int i;

	if (off >= vm->ops->config_size ||
	    (uint64_t)size > vm->ops->config_size - off)
		return 0;
	vm->ops->cfg_read(vm->sc, (uint32_t)off, b, (unsigned int)size);
	for (i = 0; i < size; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

static void write_config(struct vmmio *vm, uint64_t off, int size,
			 uint64_t val)
{
	uint8_t b[8];
	int i;

	if (vm->ops->cfg_write == NULL || off >= vm->ops->config_size ||
	    (uint64_t)size > vm->ops->config_size - off)
		return;
	for (i = 0; i < size; i++)
		b[i] = (uint8_t)(val >> (8 * i));
	vm->ops->cfg_write(vm->sc, (uint32_t)off, b, (unsigned int)size);
}

static uint32_t read_reg(struct vmmio *vm, uint64_t off)
{
	struct vmmio_queue *q = cur_queue(vm);

	switch (off) {
	case VMMIO_MAGIC_VALUE:
		return VMMIO_MAGIC;
	case VMMIO_VERSION:
		return 2;
	case VMMIO_DEVICE_ID:
		return vm->ops->device_id;
	case VMMIO_VENDOR:
		return VMMIO_VENDOR_ID;
	case VMMIO_DEVICE_FEATURES:
		return vm->dev_features_sel < 2 ?
			       (uint32_t)(vm->dev_features >>
					  (32 * vm->dev_features_sel)) :
			       0;
	case VMMIO_QUEUE_NUM_MAX:
		/* 4.2.2.1: 0 for a queue that is not available */
		return q != NULL ? vm->ops->queue_max : 0;
	case VMMIO_QUEUE_READY:
		return q != NULL && q->ready;
	case VMMIO_INTERRUPT_STATUS:
		return vm->isr;
	case VMMIO_STATUS:
		return vm->status;
	case VMMIO_SHM_LEN_LOW:
	case VMMIO_SHM_LEN_HIGH:
	case VMMIO_SHM_BASE_LOW:
	case VMMIO_SHM_BASE_HIGH:
		/* 4.2.2: no shared memory regions: length (and base) -1 */
		return 0xffffffffu;
	case VMMIO_CONFIG_GENERATION:
		return vm->config_gen;
	default:
		return 0; /* write-only or reserved */
	}
}

static void write_reg(struct vmmio *vm, uint64_t off, uint32_t val)
{
	struct vmmio_queue *q = cur_queue(vm);

	switch (off) {
	case VMMIO_DEVICE_FEATURES_SEL:
		vm->dev_features_sel = val;
		break;
	case VMMIO_DRIVER_FEATURES:
		/* 3.1.1: features are fixed once FEATURES_OK is set */
		if (vm->drv_features_sel < 2 &&
		    !(vm->status & VIRTIO_S_FEATURES_OK))
			set_half(&vm->drv_features, vm->drv_features_sel == 1,
				 val);
		break;
	case VMMIO_DRIVER_FEATURES_SEL:
		vm->drv_features_sel = val;
		break;
	case VMMIO_QUEUE_SEL:
		vm->queue_sel = val;
		break;
	case VMMIO_QUEUE_NUM:
		if (q != NULL && !q->ready)
			q->num = val > vm->ops->queue_max ? 0 : (uint16_t)val;
		break;
	case VMMIO_QUEUE_READY:
		if (q != NULL)
			write_queue_ready(vm, q, val);
		break;
	case VMMIO_QUEUE_NOTIFY:
		/* 2.1.2: nothing is consumed before DRIVER_OK or after a
		 * fault; a queue that is not ready is not touched (4.2.2.2) */
		if (val < vm->ops->nqueues && vm->q[val].ready &&
		    vmmio_running(vm))
			vm->ops->notify(vm->sc, vm, val);
		break;
	case VMMIO_INTERRUPT_ACK:
		vm->isr &= ~val;
		update_irq(vm);
		break;
	case VMMIO_STATUS:
		write_status(vm, val);
		break;
	case VMMIO_QUEUE_DESC_LOW:
	case VMMIO_QUEUE_DESC_HIGH:
		if (q != NULL && !q->ready)
			set_half(&q->desc, off == VMMIO_QUEUE_DESC_HIGH, val);
		break;
	case VMMIO_QUEUE_DRIVER_LOW:
	case VMMIO_QUEUE_DRIVER_HIGH:
		if (q != NULL && !q->ready)
			set_half(&q->driver, off == VMMIO_QUEUE_DRIVER_HIGH,
				 val);
		break;
	case VMMIO_QUEUE_DEVICE_LOW:
	case VMMIO_QUEUE_DEVICE_HIGH:
		if (q != NULL && !q->ready)
			set_half(&q->device, off == VMMIO_QUEUE_DEVICE_HIGH,
				 val);
		break;
	default:
		break; /* read-only or reserved: ignored */
	}
}

uint64_t vmmio_read(struct vmmio *vm, uint64_t off, int size)
{
	uint64_t v = 0;

	pthread_mutex_lock(&vm->mtx);
	if (off >= VMMIO_CONFIG)
		v = read_config(vm, off - VMMIO_CONFIG, size);
	else if (size == 4 && !(off & 3))
		/* 4.2.2.2: control registers are 32-bit, aligned */
		v = read_reg(vm, off);
	pthread_mutex_unlock(&vm->mtx);
	return v;
}

void vmmio_write(struct vmmio *vm, uint64_t off, int size, uint64_t val)
{
	pthread_mutex_lock(&vm->mtx);
	if (off >= VMMIO_CONFIG)
		write_config(vm, off - VMMIO_CONFIG, size, val);
	else if (size == 4 && !(off & 3))
		write_reg(vm, off, (uint32_t)val);
	pthread_mutex_unlock(&vm->mtx);
}

/* ---- bus and device tree ---------------------------------------------- */

static uint64_t bus_read(void *arg, int vcpuid, uint64_t off, int size)
{
	(void)vcpuid;
	return vmmio_read(arg, off, size);
}

static void bus_write(void *arg, int vcpuid, uint64_t off, int size,
		      uint64_t val)
{
	(void)vcpuid;
	vmmio_write(arg, off, size, val);
}

/*
 * The node Linux's virtio_mmio driver binds to; the root node has
 * #address-cells = #size-cells = 2 (as on QEMU's virt board).
 */
static int vmmio_fdt(const struct device *dev, void *fdt)
{
	char name[40];
	fdt64_t reg[2] = { cpu_to_fdt64(dev->base), cpu_to_fdt64(dev->size) };
	uint32_t cells[MACHINE_IRQ_CELLS_MAX];
	fdt32_t irq[MACHINE_IRQ_CELLS_MAX];
	int i, n;

	/* the interrupt as the machine's interrupt controller spells it */
	n = machine_irq_cells(dev->intid, cells, MACHINE_IRQ_CELLS_MAX);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++)
		irq[i] = cpu_to_fdt32(cells[i]);
	snprintf(name, sizeof(name), "virtio_mmio@%" PRIx64, dev->base);
	if (fdt_begin_node(fdt, name) != 0 ||
	    fdt_property_string(fdt, "compatible", "virtio,mmio") != 0 ||
	    fdt_property(fdt, "reg", reg, sizeof(reg)) != 0 ||
	    fdt_property(fdt, "interrupts", irq,
			 n * (int)sizeof(irq[0])) != 0 ||
	    fdt_property(fdt, "dma-coherent", NULL, 0) != 0 ||
	    fdt_end_node(fdt) != 0)
		return -1;
	return 0;
}

/* -s promises every slot, next to the PL011, PL031 and test device */
_Static_assert(DEVICE_MAX >= VMMIO_MAX_SLOTS + 3,
	       "the MMIO bus has no room for every virtio-mmio slot");

int vmmio_attach(struct vmmio *vm, unsigned int slot, uint64_t base,
		 int intid)
{
	if (slot >= VMMIO_MAX_SLOTS || vm->attached) {
		errno = EINVAL;
		return -1;
	}
	snprintf(vm->name, sizeof(vm->name), "%s@%u", vm->ops->name, slot);
	vm->dev = (struct device){
		.name = vm->name,
		.base = base,
		.size = VMMIO_SIZE,
		.read = bus_read,
		.write = bus_write,
		.arg = vm,
		.intid = intid,
		.fdt = vmmio_fdt,
	};
	if (device_register(&vm->dev) < 0)
		return -1;
	vm->attached = true;
	return 0;
}
