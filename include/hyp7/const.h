/* Constants shared by C and assembly: C wants the 'u' suffix, gas refuses it. */
#ifndef HYP7_CONST_H
#define HYP7_CONST_H

#ifdef __ASSEMBLER__
#define U32(x) x
#else
#define U32(x) x##u
#endif

#define BIT(n) (U32(1) << (n))

#endif
