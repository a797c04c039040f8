/* Error codes returned (negated) by hyp7 functions, with Linux's values. */
#ifndef HYP7_ERRNO_H
#define HYP7_ERRNO_H

#define ENOENT 2
#define EIO 5
#define E2BIG 7
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EINVAL 22
#define EROFS 30
#define ERANGE 34
#define ENODEV 19
#define ENOSYS 38
#define EOPNOTSUPP 95
#define ETIMEDOUT 110

#endif
