// Every component in this project is written in runes mode.
export default {
  compilerOptions: { runes: true },
};
