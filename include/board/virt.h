/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest machine: the guest-physical layout and interrupt numbers of
 * the board every VM is, the same as QEMU's ARM "virt" board so software
 * made for that board runs unchanged. Userspace's alone: bhyve builds the
 * board from it (and tells vmm.ko where the GIC goes, VM_ATTACH_VGIC), the
 * test guests rely on it. The module knows none of it.
 */
#ifndef BOARD_VIRT_H
#define BOARD_VIRT_H

/* Flash bank 0: firmware (-o bootrom), read-only and run in place */
#define VIRT_FLASH_BASE	    0x00000000ULL
#define VIRT_FLASH_SIZE	    0x04000000ULL
/* Flash bank 1: the firmware's variables (-o bootvars, u-boot's env) */
#define VIRT_FLASH1_BASE    0x04000000ULL

/* GICv2: distributor emulated by vmm.ko, CPU interface = hardware GICV */
#define VIRT_GICD_BASE	    0x08000000ULL
#define VIRT_GICD_SIZE	    0x00010000ULL
#define VIRT_GICC_BASE	    0x08010000ULL
#define VIRT_GICC_SIZE	    0x00010000ULL

#define VIRT_UART_BASE	    0x09000000ULL /* PL011 */
#define VIRT_RTC_BASE	    0x09010000ULL /* PL031 */
#define VIRT_GPIO_BASE	    0x09030000ULL /* PL061 */
#define VIRT_MMIO_BASE	    0x0a000000ULL /* virtio-mmio transports */
#define VIRT_MMIO_STRIDE    0x200ULL
#define VIRT_TESTDEV_BASE   0x0b000000ULL /* bhyve's test device */
#define VIRT_RAM_BASE	    0x40000000ULL

/* The PL061's line wired to the power key (gpio-keys, KEY_POWER) */
#define VIRT_GPIO_POWER_KEY 3

/* GIC INTIDs: PPI n = 16 + n, SPI n = 32 + n */
#define VIRT_INTID_PPI(n)   (16 + (n))
#define VIRT_INTID_SPI(n)   (32 + (n))
#define VIRT_VTIMER_INTID   VIRT_INTID_PPI(11)
#define VIRT_PTIMER_INTID   VIRT_INTID_PPI(14)
#define VIRT_UART_INTID	    VIRT_INTID_SPI(1)
#define VIRT_RTC_INTID	    VIRT_INTID_SPI(2)
#define VIRT_GPIO_INTID	    VIRT_INTID_SPI(7)
#define VIRT_MMIO_INTID(n)  VIRT_INTID_SPI(16 + (n))

#endif /* BOARD_VIRT_H */
