// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtio-mmio transport (usr/bhyve/virtio/virtio_mmio.c): register
 * semantics, feature negotiation, queue setup, notifications, the
 * interrupt line and the device-tree node, with a toy device model.
 */
#include <libfdt.h>

#include "unit.h"
#include "virtio_stubs.h"
#include "usr/bhyve/virtio/virtio.h"
#include "usr/bhyve/virtio/virtio_mmio.h"
#include "board/virt.h"
#include "usr/bhyve/machine.h"
#include "attach_slot.h"

#define R(off)	     vmmio_read(vm, off, 4)
#define W(off, val)  vmmio_write(vm, off, 4, val)

struct toy {
	uint8_t cfg[8];
	unsigned int notified[2];
	unsigned int resets;
	unsigned int features_oks; /* features_ok calls */
	uint64_t features; /* what the last one said */
	uint8_t last_write[4];
};

static void toy_cfg_read(void *sc, uint32_t off, void *buf, unsigned int len)
{
	memcpy(buf, ((struct toy *)sc)->cfg + off, len);
}

static void toy_cfg_write(void *sc, uint32_t off, const void *buf,
			  unsigned int len)
{
	memcpy(((struct toy *)sc)->cfg + off, buf, len);
}

static uint32_t toy_fill(void *sc, struct iovec *iov,
			 const struct vq_chain *ch)
{
	(void)sc;
	memset(iov[ch->nread].iov_base, 0x5a, 1);
	return 1;
}

static void toy_notify(void *sc, struct vmmio *vm, unsigned int q)
{
	struct toy *t = sc;
	struct iovec iov[4];

	t->notified[q]++;
	vmmio_drain(vm, q, iov, 4, toy_fill, t);
}

static void toy_features_ok(void *sc, uint64_t features)
{
	((struct toy *)sc)->features_oks++;
	((struct toy *)sc)->features = features;
}

static void toy_reset(void *sc)
{
	((struct toy *)sc)->resets++;
}

static const struct virtio_dev_ops toy_ops = {
	.name = "toy",
	.device_id = 42,
	.nqueues = 2,
	.queue_max = 8,
	.config_size = 8,
	.cfg_read = toy_cfg_read,
	.cfg_write = toy_cfg_write,
	.notify = toy_notify,
	.reset = toy_reset,
	.features_ok = toy_features_ok,
};

static struct tguest g;
static struct toy toy;
static struct vmmio *vm;

static void start(void)
{
	stub_reset();
	tg_init(&g, 8);
	memset(&toy, 0, sizeof(toy));
	memcpy(toy.cfg, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	vm = vmmio_create(&toy_ops, &toy, VIRTIO_BIT(3), &g.mem);
}

static void stop(void)
{
	vmmio_destroy(vm);
	tg_fini(&g);
}

/* 3.1.1 steps 1-6 with the given feature words; returns Status */
static uint32_t negotiate(uint32_t lo, uint32_t hi)
{
	W(VMMIO_STATUS, 0);
	W(VMMIO_STATUS, VIRTIO_S_ACKNOWLEDGE);
	W(VMMIO_STATUS, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER);
	W(VMMIO_DRIVER_FEATURES_SEL, 0);
	W(VMMIO_DRIVER_FEATURES, lo);
	W(VMMIO_DRIVER_FEATURES_SEL, 1);
	W(VMMIO_DRIVER_FEATURES, hi);
	W(VMMIO_STATUS, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER |
				VIRTIO_S_FEATURES_OK);
	return (uint32_t)R(VMMIO_STATUS);
}

static void queue_setup(uint32_t q, uint32_t num)
{
	W(VMMIO_QUEUE_SEL, q);
	W(VMMIO_QUEUE_NUM, num);
	W(VMMIO_QUEUE_DESC_LOW, (uint32_t)g.desc);
	W(VMMIO_QUEUE_DESC_HIGH, 0);
	W(VMMIO_QUEUE_DRIVER_LOW, (uint32_t)g.avail);
	W(VMMIO_QUEUE_DRIVER_HIGH, 0);
	W(VMMIO_QUEUE_DEVICE_LOW, (uint32_t)g.used);
	W(VMMIO_QUEUE_DEVICE_HIGH, 0);
	W(VMMIO_QUEUE_READY, 1);
}

static void driver_ok(void)
{
	W(VMMIO_STATUS, R(VMMIO_STATUS) | VIRTIO_S_DRIVER_OK);
}

TEST(identity_registers)
{
	start();
	ASSERT_TRUE(vm != NULL);
	EXPECT_EQ(R(VMMIO_MAGIC_VALUE), 0x74726976);
	EXPECT_EQ(R(VMMIO_VERSION), 2);
	EXPECT_EQ(R(VMMIO_DEVICE_ID), 42);
	EXPECT_EQ(R(VMMIO_VENDOR), VMMIO_VENDOR_ID);
	EXPECT_EQ(R(VMMIO_STATUS), 0);
	EXPECT_EQ(R(VMMIO_SHM_LEN_LOW), 0xffffffffu);
	/* 4.2.2.2: only aligned 32-bit accesses to control registers */
	EXPECT_EQ(vmmio_read(vm, VMMIO_MAGIC_VALUE, 2), 0);
	EXPECT_EQ(vmmio_read(vm, VMMIO_MAGIC_VALUE + 1, 4), 0);
	EXPECT_EQ(R(0x0f8), 0); /* reserved */
	stop();
}

TEST(device_features)
{
	start();
	W(VMMIO_DEVICE_FEATURES_SEL, 0);
	EXPECT_EQ(R(VMMIO_DEVICE_FEATURES),
		  (1u << 3) | (1u << VIRTIO_F_INDIRECT_DESC) |
			  (1u << VIRTIO_F_EVENT_IDX));
	W(VMMIO_DEVICE_FEATURES_SEL, 1);
	EXPECT_EQ(R(VMMIO_DEVICE_FEATURES), 1); /* VERSION_1 */
	W(VMMIO_DEVICE_FEATURES_SEL, 2);
	EXPECT_EQ(R(VMMIO_DEVICE_FEATURES), 0);
	stop();
}

TEST(feature_negotiation)
{
	start();
	/* 4.2.2.2 / 6.1: a legacy driver (no VERSION_1) is refused */
	EXPECT_EQ(negotiate(1u << 3, 0), VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER);
	/* a bit we did not offer */
	EXPECT_EQ(negotiate(1u << 4, 1) & VIRTIO_S_FEATURES_OK, 0);
	EXPECT_EQ(negotiate(0, 3) & VIRTIO_S_FEATURES_OK, 0);
	/* a subset with VERSION_1 */
	EXPECT_EQ(negotiate(1u << 3, 1) & VIRTIO_S_FEATURES_OK,
		  VIRTIO_S_FEATURES_OK);
	EXPECT_EQ(vmmio_features(vm), VIRTIO_BIT(3) | VIRTIO_BIT(32));
	/* fixed once FEATURES_OK is set */
	W(VMMIO_DRIVER_FEATURES_SEL, 0);
	W(VMMIO_DRIVER_FEATURES, 0);
	EXPECT_EQ(vmmio_features(vm), VIRTIO_BIT(3) | VIRTIO_BIT(32));
	stop();
}

/* The device hears the negotiated set once, when it accepts FEATURES_OK. */
TEST(features_ok_hook)
{
	start();
	toy.features_oks = 0;
	EXPECT_EQ(negotiate(1u << 4, 1) & VIRTIO_S_FEATURES_OK, 0);
	EXPECT_EQ(toy.features_oks, 0); /* refused: not told */
	EXPECT_EQ(negotiate(1u << 3, 1) & VIRTIO_S_FEATURES_OK,
		  VIRTIO_S_FEATURES_OK);
	EXPECT_EQ(toy.features_oks, 1);
	EXPECT_EQ(toy.features, VIRTIO_BIT(3) | VIRTIO_BIT(32));
	/* FEATURES_OK written again: nothing new */
	W(VMMIO_STATUS, R(VMMIO_STATUS) | VIRTIO_S_DRIVER_OK);
	EXPECT_EQ(toy.features_oks, 1);
	stop();
}

TEST(queue_registers)
{
	start();
	negotiate(0, 1);
	W(VMMIO_QUEUE_SEL, 1);
	EXPECT_EQ(R(VMMIO_QUEUE_NUM_MAX), 8);
	W(VMMIO_QUEUE_SEL, 2);
	EXPECT_EQ(R(VMMIO_QUEUE_NUM_MAX), 0); /* 4.2.2.1: no such queue */
	W(VMMIO_QUEUE_READY, 1);
	EXPECT_EQ(R(VMMIO_QUEUE_READY), 0);
	queue_setup(0, 8);
	EXPECT_EQ(R(VMMIO_QUEUE_READY), 1);
	EXPECT_EQ(R(VMMIO_STATUS) & VIRTIO_S_DEVICE_NEEDS_RESET, 0);
	/* changing a ready queue's addresses is ignored */
	W(VMMIO_QUEUE_DESC_LOW, 0);
	EXPECT_EQ(vmmio_vq(vm, 0)->desc, tg_ptr(&g, g.desc));
	W(VMMIO_QUEUE_READY, 0);
	EXPECT_EQ(R(VMMIO_QUEUE_READY), 0);
	EXPECT_FALSE(vq_ok(vmmio_vq(vm, 0)));
	stop();
}

TEST(bad_queue_setup_needs_reset)
{
	start();
	negotiate(0, 1);
	queue_setup(0, 6); /* not a power of 2 */
	EXPECT_EQ(R(VMMIO_QUEUE_READY), 0);
	EXPECT_EQ(R(VMMIO_STATUS) & VIRTIO_S_DEVICE_NEEDS_RESET,
		  VIRTIO_S_DEVICE_NEEDS_RESET);
	/* the driver cannot clear it, only reset does */
	W(VMMIO_STATUS, R(VMMIO_STATUS) & ~VIRTIO_S_DEVICE_NEEDS_RESET);
	EXPECT_NE(R(VMMIO_STATUS) & VIRTIO_S_DEVICE_NEEDS_RESET, 0);
	W(VMMIO_STATUS, 0);
	EXPECT_EQ(R(VMMIO_STATUS), 0);

	negotiate(0, 1);
	queue_setup(0, 16); /* above QueueNumMax */
	EXPECT_EQ(R(VMMIO_QUEUE_READY), 0);
	negotiate(0, 1);
	W(VMMIO_QUEUE_SEL, 0);
	W(VMMIO_QUEUE_NUM, 8);
	W(VMMIO_QUEUE_DESC_LOW, 0x1000); /* outside RAM */
	W(VMMIO_QUEUE_READY, 1);
	EXPECT_EQ(R(VMMIO_QUEUE_READY), 0);
	stop();
}

TEST(notify_and_interrupt)
{
	uint32_t id, len;

	start();
	ASSERT_EQ(attach_slot(vm, 3), 0);
	negotiate(0, 1);
	queue_setup(0, 8);
	tg_desc(&g, 0, TG_DATA, 4, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, 0);
	/* 2.1.2: nothing consumed before DRIVER_OK */
	W(VMMIO_QUEUE_NOTIFY, 0);
	EXPECT_EQ(toy.notified[0], 0);
	driver_ok();
	W(VMMIO_QUEUE_NOTIFY, 1); /* not ready: ignored */
	W(VMMIO_QUEUE_NOTIFY, 7); /* no such queue */
	EXPECT_EQ(toy.notified[1], 0);
	W(VMMIO_QUEUE_NOTIFY, 0);
	EXPECT_EQ(toy.notified[0], 1);
	EXPECT_EQ(tg_used_idx(&g), 1);
	tg_used_elem(&g, 0, &id, &len);
	EXPECT_EQ(len, 1);
	EXPECT_EQ(*(uint8_t *)tg_ptr(&g, TG_DATA), 0x5a);
	EXPECT_EQ(R(VMMIO_INTERRUPT_STATUS), VMMIO_INT_VRING);
	EXPECT_TRUE(stub_irq[VIRT_MMIO_INTID(3)]);
	EXPECT_TRUE(vmmio_irq_level(vm));
	W(VMMIO_INTERRUPT_ACK, VMMIO_INT_VRING);
	EXPECT_EQ(R(VMMIO_INTERRUPT_STATUS), 0);
	EXPECT_FALSE(stub_irq[VIRT_MMIO_INTID(3)]);
	/* the driver says "no interrupt": the line stays low */
	tg_set_avail_flags(&g, VRING_AVAIL_F_NO_INTERRUPT);
	tg_avail(&g, 0);
	W(VMMIO_QUEUE_NOTIFY, 0);
	EXPECT_EQ(tg_used_idx(&g), 2);
	EXPECT_EQ(R(VMMIO_INTERRUPT_STATUS), 0);
	stop();
}

TEST(hostile_chain_sets_needs_reset)
{
	start();
	ASSERT_EQ(attach_slot(vm, 0), 0);
	negotiate(0, 1);
	queue_setup(0, 8);
	driver_ok();
	tg_desc(&g, 0, TG_DATA, 4, VRING_DESC_F_NEXT, 0); /* loop */
	tg_avail(&g, 0);
	W(VMMIO_QUEUE_NOTIFY, 0);
	EXPECT_EQ(tg_used_idx(&g), 0);
	EXPECT_NE(R(VMMIO_STATUS) & VIRTIO_S_DEVICE_NEEDS_RESET, 0);
	/* 2.1.2: with DRIVER_OK the driver hears of it by a config irq */
	EXPECT_EQ(R(VMMIO_INTERRUPT_STATUS), VMMIO_INT_CONFIG);
	EXPECT_TRUE(stub_irq[VIRT_MMIO_INTID(0)]);
	/* and the device stays quiet until reset */
	toy.notified[0] = 0;
	W(VMMIO_QUEUE_NOTIFY, 0);
	EXPECT_EQ(toy.notified[0], 0);
	stop();
}

TEST(config_space)
{
	uint32_t gen;

	start();
	EXPECT_EQ(vmmio_read(vm, VMMIO_CONFIG, 1), 1);
	EXPECT_EQ(vmmio_read(vm, VMMIO_CONFIG + 1, 2), 0x0302);
	EXPECT_EQ(vmmio_read(vm, VMMIO_CONFIG + 4, 4), 0x08070605);
	EXPECT_EQ(vmmio_read(vm, VMMIO_CONFIG, 8), 0x0807060504030201ULL);
	EXPECT_EQ(vmmio_read(vm, VMMIO_CONFIG + 6, 4), 0); /* past the end */
	EXPECT_EQ(vmmio_read(vm, VMMIO_CONFIG + 0xfc, 4), 0);
	vmmio_write(vm, VMMIO_CONFIG + 2, 2, 0xbbaa);
	EXPECT_EQ(toy.cfg[2], 0xaa);
	EXPECT_EQ(toy.cfg[3], 0xbb);
	vmmio_write(vm, VMMIO_CONFIG + 7, 2, 0xffff); /* past the end */
	EXPECT_EQ(toy.cfg[7], 8);

	gen = (uint32_t)R(VMMIO_CONFIG_GENERATION);
	ASSERT_EQ(attach_slot(vm, 1), 0);
	vmmio_lock(vm);
	vmmio_config_changed(vm); /* before DRIVER_OK: no interrupt */
	vmmio_unlock(vm);
	EXPECT_NE(R(VMMIO_CONFIG_GENERATION), gen);
	EXPECT_EQ(R(VMMIO_INTERRUPT_STATUS), 0);
	negotiate(0, 1);
	driver_ok();
	vmmio_lock(vm);
	vmmio_config_changed(vm);
	vmmio_unlock(vm);
	EXPECT_EQ(R(VMMIO_INTERRUPT_STATUS), VMMIO_INT_CONFIG);
	EXPECT_TRUE(stub_irq[VIRT_MMIO_INTID(1)]);
	stop();
}

TEST(reset_clears_everything)
{
	start();
	ASSERT_EQ(attach_slot(vm, 2), 0);
	negotiate(1u << 3, 1);
	queue_setup(0, 8);
	driver_ok();
	tg_desc(&g, 0, TG_DATA, 4, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, 0);
	W(VMMIO_QUEUE_NOTIFY, 0);
	EXPECT_TRUE(stub_irq[VIRT_MMIO_INTID(2)]);
	toy.resets = 0;
	W(VMMIO_STATUS, 0);
	EXPECT_EQ(toy.resets, 1);
	EXPECT_EQ(R(VMMIO_STATUS), 0);
	EXPECT_EQ(R(VMMIO_INTERRUPT_STATUS), 0);
	EXPECT_FALSE(stub_irq[VIRT_MMIO_INTID(2)]);
	EXPECT_EQ(vmmio_features(vm), 0);
	W(VMMIO_QUEUE_SEL, 0);
	EXPECT_EQ(R(VMMIO_QUEUE_READY), 0);
	EXPECT_FALSE(vq_ok(vmmio_vq(vm, 0)));
	stop();
}

TEST(attach_and_fdt_node)
{
	const struct device *d;
	char buf[1024];
	const fdt32_t *irq;
	const void *regp;
	fdt64_t reg[2];
	int node, len;

	start();
	ASSERT_EQ(attach_slot(vm, 5), 0);
	EXPECT_EQ(attach_slot(vm, 6), -1); /* once */
	d = device_at(0);
	ASSERT_TRUE(d != NULL);
	EXPECT_EQ(d->base, VIRT_MMIO_BASE + 5 * VIRT_MMIO_STRIDE);
	EXPECT_EQ(d->size, VIRT_MMIO_STRIDE);
	EXPECT_EQ(d->intid, 32 + 16 + 5);
	EXPECT_STREQ(d->name, "toy@5");
	/* the bus callbacks reach the registers */
	EXPECT_EQ(d->read(d->arg, 0, VMMIO_MAGIC_VALUE, 4), 0x74726976);

	ASSERT_EQ(fdt_create(buf, sizeof(buf)), 0);
	ASSERT_EQ(fdt_finish_reservemap(buf), 0);
	ASSERT_EQ(fdt_begin_node(buf, ""), 0);
	ASSERT_EQ(d->fdt(d, buf), 0);
	ASSERT_EQ(fdt_end_node(buf), 0);
	ASSERT_EQ(fdt_finish(buf), 0);
	node = fdt_path_offset(buf, "/virtio_mmio@a000a00");
	ASSERT_TRUE(node >= 0);
	EXPECT_EQ(fdt_node_check_compatible(buf, node, "virtio,mmio"), 0);
	regp = fdt_getprop(buf, node, "reg", &len);
	ASSERT_EQ(len, 16);
	memcpy(reg, regp, sizeof(reg)); /* properties are 4-byte aligned */
	EXPECT_EQ(fdt64_to_cpu(reg[0]), 0x0a000a00);
	EXPECT_EQ(fdt64_to_cpu(reg[1]), 0x200);
	irq = fdt_getprop(buf, node, "interrupts", &len);
	ASSERT_EQ(len, 12);
	EXPECT_EQ(fdt32_to_cpu(irq[0]), 0);
	EXPECT_EQ(fdt32_to_cpu(irq[1]), 16 + 5);
	EXPECT_EQ(fdt32_to_cpu(irq[2]), 4);
	EXPECT_TRUE(fdt_getprop(buf, node, "dma-coherent", &len) != NULL);
	stop();
}

TEST(bad_ops_refused)
{
	struct virtio_dev_ops o = toy_ops;

	o.queue_max = 6;
	EXPECT_TRUE(vmmio_create(&o, NULL, 0, NULL) == NULL);
	o = toy_ops;
	o.nqueues = VMMIO_MAX_QUEUES + 1;
	EXPECT_TRUE(vmmio_create(&o, NULL, 0, NULL) == NULL);
	o = toy_ops;
	o.notify = NULL;
	EXPECT_TRUE(vmmio_create(&o, NULL, 0, NULL) == NULL);
}

UNIT_MAIN();
