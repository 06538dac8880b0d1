/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Numbers from the virtio 1.x specification shared by the transport and
 * the device models. Everything in guest memory and in the configuration
 * space is little-endian (VIRTIO_F_VERSION_1, spec 1.4).
 */
#ifndef BHYVE_VIRTIO_H
#define BHYVE_VIRTIO_H

/* Device status (2.1) */
#define VIRTIO_S_ACKNOWLEDGE	    1u
#define VIRTIO_S_DRIVER		    2u
#define VIRTIO_S_DRIVER_OK	    4u
#define VIRTIO_S_FEATURES_OK	    8u
#define VIRTIO_S_DEVICE_NEEDS_RESET 64u
#define VIRTIO_S_FAILED		    128u

/* Reserved feature bits (6) */
#define VIRTIO_F_INDIRECT_DESC	28
#define VIRTIO_F_EVENT_IDX	29
#define VIRTIO_F_VERSION_1	32
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_F_RING_PACKED	34

#define VIRTIO_BIT(b) (1ULL << (b))

/* Device IDs (5) */
#define VIRTIO_ID_NET	  1
#define VIRTIO_ID_BLOCK	  2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG	  4

#endif
