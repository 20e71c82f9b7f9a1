# surveykit build. `make` builds build/surveykit; `make test` installs missing Debian packages,
# builds and runs every test; `make SANITIZE=address,undefined test` does the same under the
# sanitizers (objects in build/sanitize); `make demo` runs the study report on the bundled wave;
# `make fuzz FUZZ_SECONDS=N` builds the libFuzzer targets of tests/fuzz with clang into
# build/fuzz and runs each for N seconds.

BUILD    ?= build
SANITIZE ?=
PREFIX   ?= /usr/local
ifneq ($(SANITIZE),)
BUILD := $(BUILD)/sanitize
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

CC      ?= cc
OPT     ?= -O2 -g
PKGS    := gsl jansson
CPPFLAGS += -I. -D_POSIX_C_SOURCE=200809L -DHAVE_INLINE
CFLAGS  += -std=c11 -Wall -Wextra $(OPT) -pthread $(SANFLAGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcsv and ReadStat ship no .pc file on Debian: link them by name.
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lgsl -lgslcblas -ljansson) -lcsv -lreadstat -lm
LDFLAGS += -pthread $(SANFLAGS)

LIB_SRC   := $(sort $(wildcard io/*.c models/*.c analysis/*.c))
LIB_SRC   := $(filter-out analysis/main.c,$(LIB_SRC))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/analysis/main.o
UNIT_SRC  := $(sort $(wildcard tests/unit/*.c))
UNIT_OBJ  := $(UNIT_SRC:%.c=$(BUILD)/%.o)
TOOL_SRC  := $(sort $(wildcard tests/tools/*.c))
TOOLS     := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/%)
BIN       := $(BUILD)/surveykit
UNIT_BIN  := $(BUILD)/unit-tests

.PHONY: all deps test unit-test cli-test demo bench bench-cfa install clean fuzz fuzz-build
all: $(BIN)

$(BIN): $(MAIN_OBJ) $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# Unit tests register themselves with TEST(name); the list is generated from the sources.
$(BUILD)/tests/test_list.h: $(UNIT_SRC)
	@mkdir -p $(dir $@)
	sed -n 's/^TEST(\([A-Za-z0-9_]*\)).*/X(\1)/p' $(UNIT_SRC) > $@

$(BUILD)/tests/unit/main.o: $(BUILD)/tests/test_list.h
$(BUILD)/tests/unit/main.o: CPPFLAGS += -I$(BUILD)/tests

$(UNIT_BIN): $(UNIT_OBJ) $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%: $(BUILD)/tests/tools/%.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Fuzzing: every tests/fuzz/NAME.c is a libFuzzer target built with its own objects (clang,
# ASan + UBSan + coverage) into build/fuzz/NAME; seeds in tests/fuzz/corpus/NAME, inputs found
# while fuzzing in build/fuzz/corpus/NAME, a crashing input in build/fuzz/NAME-crash-*.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 10
FUZZ_DIR     := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=c11 -Wall -Wextra -O1 -g -pthread $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
                $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_NAMES   := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/*.c)))
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_DIR)/%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_DIR)/obj/%.o)

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/%: $(FUZZ_DIR)/obj/tests/fuzz/%.o $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) -pthread $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

# the objects are kept between runs (they are not intermediate files to delete)
.SECONDARY: $(FUZZ_LIB_OBJ) $(FUZZ_NAMES:%=$(FUZZ_DIR)/obj/tests/fuzz/%.o)

fuzz-build: $(FUZZ_BINS)

fuzz:
	@scripts/install-deps --fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@scripts/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

deps:
	@scripts/install-deps

test: deps
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BIN) $(TOOLS)
	@tests/run-all $(BUILD)

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	@scripts/demo $(BIN)

bench: $(BIN)
	@scripts/bench $(BIN)

# The CFA engine's timing tool (scripts/cfa_timing.c) and its run beside lavaan.
$(BUILD)/cfa-timing: $(BUILD)/scripts/cfa_timing.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bench-cfa: $(BUILD)/cfa-timing
	@scripts/bench-cfa $(BUILD)/cfa-timing

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/surveykit

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(TOOL_SRC:%.c=$(BUILD)/%.d) $(BUILD)/scripts/cfa_timing.d
-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_NAMES:%=$(FUZZ_DIR)/obj/tests/fuzz/%.d)
