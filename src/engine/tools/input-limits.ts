// What a terminal takes in one line: Linux's n_tty line discipline keeps 4096 characters of a
// canonical line, its newline included, and drops the rest. The command input holds no more,
// and the shell cuts a longer line (from a script or a link) at the same place.
export const MAX_INPUT_LINE = 4095;
