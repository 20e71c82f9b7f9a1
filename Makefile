# surveykit build. `make` builds build/surveykit; `make test` installs missing Debian packages,
# builds and runs every test; `make SANITIZE=address,undefined test` does the same under the
# sanitizers (objects in build/sanitize); `make demo` runs the study report on the bundled wave.

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

.PHONY: all deps test unit-test cli-test demo bench install clean fuzz
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

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/surveykit

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(TOOL_SRC:%.c=$(BUILD)/%.d)
