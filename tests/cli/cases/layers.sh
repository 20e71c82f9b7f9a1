# scripts/check-layers (make check-layers, run by make test): a small tree that keeps the layers
# passes, and each kind of wrong dependency, by an include or by a symbol of a built object, fails
# naming the file. Sourced by tests/cli/run.

LAYERS="$PWD/scripts/check-layers"
# layer_tree DIR: a tree that keeps the layers: models/, io/ and the analysis sub-layers, each
# using only what it may; its objects (for the symbol check) in DIR/build.
layer_tree() {
	local d=$1
	rm -rf "$d" && mkdir -p "$d"/models "$d"/io "$d"/analysis/cli "$d"/analysis/data "$d"/analysis/commands \
		"$d"/analysis/report "$d"/build/models "$d"/build/io
	printf '#include <math.h>\n#include <gsl/gsl_math.h>\n#include "models/m.h"\ndouble m_twice(double x) { return 2 * x; }\n' >"$d/models/m.c"
	printf 'double m_twice(double x);\n' >"$d/models/m.h"
	printf '#include <stdio.h>\n#include "io/w.h"\nint io_write(void) { return puts("x"); }\n' >"$d/io/w.c"
	printf 'int io_write(void);\n' >"$d/io/w.h"
	printf '#include "analysis/cli/cli.h"\n' >"$d/analysis/cli/cli.c"
	printf '#include "analysis/cli/cli.h"\n#include "io/w.h"\n' >"$d/analysis/data/dataset.c"
	printf '#include "analysis/data/dataset.h"\n#include "models/m.h"\n' >"$d/analysis/commands/x.c"
	printf '#include "analysis/commands/x.h"\n' >"$d/analysis/report/report.c"
}

layer_tree "$TMP/layers"
check "check-layers: a tree that keeps the layers passes" "'$LAYERS' '$TMP/layers'"
check "check-layers: models/ including io/ fails naming the file and line" \
	"layer_tree '$TMP/layers' && printf '#include \"io/text.h\"\n' >> '$TMP/layers/models/m.c' &&
	 ! '$LAYERS' '$TMP/layers' > o.txt && grep -q 'models/m.c:5: includes io/text.h' o.txt"
check "check-layers: models/ including jansson fails" \
	"layer_tree '$TMP/layers' && printf '#include <jansson.h>\n' >> '$TMP/layers/models/m.h' &&
	 ! '$LAYERS' '$TMP/layers' > o.txt && grep -q 'models/m.h:2: includes <jansson.h>' o.txt"
check "check-layers: io/ including analysis/ fails" \
	"layer_tree '$TMP/layers' && printf '#include \"analysis/data/dataset.h\"\n' >> '$TMP/layers/io/w.c' &&
	 ! '$LAYERS' '$TMP/layers' > o.txt && grep -q 'io/w.c:4: includes analysis/data/dataset.h' o.txt"
check "check-layers: analysis/cli including analysis/report fails" \
	"layer_tree '$TMP/layers' && printf '#include \"analysis/report/report.h\"\n' >> '$TMP/layers/analysis/cli/cli.c' &&
	 ! '$LAYERS' '$TMP/layers' > o.txt && grep -q 'analysis/cli/cli.c:2: includes analysis/report/report.h' o.txt"
check "check-layers: analysis/data including analysis/commands.h fails" \
	"layer_tree '$TMP/layers' && printf '#include \"analysis/commands.h\"\n' >> '$TMP/layers/analysis/data/dataset.c' &&
	 ! '$LAYERS' '$TMP/layers' > o.txt && grep -q 'analysis/data/dataset.c:3: includes analysis/commands.h' o.txt"
check "check-layers: analysis/commands including analysis/report fails" \
	"layer_tree '$TMP/layers' && printf '#include \"analysis/report/report_parts.h\"\n' >> '$TMP/layers/analysis/commands/x.c' &&
	 ! '$LAYERS' '$TMP/layers' > o.txt && grep -q 'analysis/commands/x.c:3: includes analysis/report/report_parts.h' o.txt"
# by symbols: models/ calling io/ code declared by hand (no include to see) is found in the objects
check "check-layers: a models/ object using an io/ symbol fails; the same objects without it pass" \
	"layer_tree '$TMP/layers' && cd '$TMP/layers' &&
	 \${CC:-cc} -I. -c -o build/io/w.o io/w.c && \${CC:-cc} -I. -c -o build/models/m.o models/m.c &&
	 '$LAYERS' . build &&
	 printf 'int io_write(void);\nint m_call(void) { return io_write(); }\n' >> models/m.c &&
	 \${CC:-cc} -I. -c -o build/models/m.o models/m.c &&
	 ! '$LAYERS' . build > o.txt && grep -q 'models/m.c uses io_write, defined in io/' o.txt"
