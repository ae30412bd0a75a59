/**
 * A small autotools project used by the LSP and CLI tests: libgadget's AGE (4) exceeds its CURRENT (3),
 * split over configure.ac variables; libwidget's 7:2:3 is valid and literal.
 */
export const TWO_LIBRARY_PROJECT: Readonly<Record<string, string>> = {
  'configure.ac': 'AC_INIT([widget], [2.4.1])\nG_CURRENT=3\nG_AGE=4\nAC_SUBST(G_CURRENT)\nAC_SUBST(G_AGE)\n',
  'src/Makefile.am': 'lib_LTLIBRARIES = libgadget.la libwidget.la\nlibgadget_la_LDFLAGS = -version-info $(G_CURRENT):0:$(G_AGE)\nlibwidget_la_LDFLAGS = -version-info 7:2:3\n',
};
