#!/usr/bin/env python3
"""The layers' arrows, checked: every #include in kiosk/, db/ and screens/ must point at a
file of its own layer or of a layer it depends on (directly or through one it depends on),
and a few libraries stay where they belong (ImGui, GLFW/GL, SQLite, libpq).

The table below mirrors CMakeLists.txt: for each library layer the check also reads the
CMake file and fails when its target links a different set of tramso_* libraries or no
longer globs the layer's sources, so the table and the build cannot drift apart.

    check_layers.py [SOURCE_DIR]   check the tree (default: the repository of this script)
    check_layers.py --self-test    check a small made-up tree with one violation of each
                                   kind and fail unless each is reported

Exit 0 when clean, 1 with one line per violation (file:line: what).
"""
import os
import re
import sys
import tempfile

# Layer: the paths it holds (a folder ends with '/', first match wins, most specific first),
# the layers it may include directly, and its CMake library with the glob of its sources
# (None: part of an executable, whose sources CMakeLists.txt lists by name).
LAYERS = [
    # the province's own program: only its main and the verb's worker link libpq
    ("province_program", ["kiosk/cli/province_main.cpp", "kiosk/cli/province_run.cpp"],
     ["province", "province_verb"], None),
    # `tramso province …`: built into both programs, it only runs tramso-province
    ("province_verb", ["kiosk/cli/province_cli.hpp", "kiosk/cli/province_cli.cpp"],
     ["content"], None),
    ("province", ["db/province/"], ["db"], ("tramso_province", "db/province/*.cpp")),
    # kiosk/core: plain C++, one library per feature folder
    ("base", ["kiosk/core/base/"], [], ("tramso_base", "kiosk/core/base/*.cpp")),
    ("config", ["kiosk/core/config/"], ["base"], ("tramso_config", "kiosk/core/config/*.cpp")),
    ("nav", ["kiosk/core/nav/"], ["base"], ("tramso_nav", "kiosk/core/nav/*.cpp")),
    ("stick", ["kiosk/core/stick/"], ["base"], ("tramso_stick", "kiosk/core/stick/*.cpp")),
    ("content", ["kiosk/core/content/"], ["config", "nav", "stick"],
     ("tramso_content", "kiosk/core/content/*.cpp")),
    ("speech", ["kiosk/core/speech/"], ["content"], ("tramso_speech", "kiosk/core/speech/*.cpp")),
    ("staff", ["kiosk/core/staff/"], ["nav"], ("tramso_staff", "kiosk/core/staff/*.cpp")),
    ("visit", ["kiosk/core/visit/"], ["content", "staff"],
     ("tramso_visit", "kiosk/core/visit/*.cpp")),
    ("db", ["db/"], ["visit"], ("tramso_db", "db/*.cpp")),
    ("ui", ["kiosk/ui/"], ["content"], ("tramso_ui", "kiosk/ui/*.cpp")),
    ("screens", ["screens/"], ["ui", "visit"], ("tramso_screens", "screens/*.cpp")),
    ("app", ["kiosk/app/"], ["screens", "db", "speech"], ("tramso_app", "kiosk/app/*.cpp")),
    # the kiosk binary `tramso` (links tramso_app): window and GL, the verbs, main
    ("platform", ["kiosk/platform/"], ["app"], None),
    ("cli", ["kiosk/cli/"], ["platform", "db", "province_verb"], None),
    ("main", ["kiosk/main.cpp"], ["cli", "platform", "province_verb"], None),
]

# The programs and the one layer library each links (the kiosk binary never links libpq).
PROGRAMS = {"tramso": {"tramso_app"}, "tramso-province": {"tramso_province"}}

# Headers of outside libraries only some layers may include (matched on the include's name).
EXTERNAL = [
    (re.compile(r"^imgui"), {"ui", "screens", "app", "platform"}, "ImGui"),
    (re.compile(r"^(GLFW/|GL/|GLES|EGL/|epoxy/)"), {"platform"}, "GLFW/OpenGL"),
    (re.compile(r"^sqlite3\.h$"), {"db"}, "SQLite"),
    (re.compile(r"^libpq"), {"province"}, "libpq"),
]

SCANNED = ("kiosk/", "db/", "screens/")
SUFFIXES = (".cpp", ".hpp", ".h", ".inc")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of(rel):
    for name, paths, _, _ in LAYERS:
        for p in paths:
            if rel == p or (p.endswith("/") and rel.startswith(p)):
                return name
    return None


def allowed_from(name):
    deps = {n: d for n, _, d, _ in LAYERS}
    seen, todo = {name}, list(deps[name])
    while todo:
        d = todo.pop()
        if d not in seen:
            seen.add(d)
            todo.extend(deps[d])
    return seen


def resolve(root, including, name):
    """The repository path an include names, or None (a system or generated header)."""
    for base in (os.path.dirname(os.path.join(root, including)), root):
        path = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(path):
            rel = os.path.relpath(path, root)
            return None if rel.startswith("..") else rel.replace(os.sep, "/")
    return None


def check_includes(root):
    problems = []
    for top in SCANNED:
        for folder, _, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if not f.endswith(SUFFIXES):
                    continue
                rel = os.path.relpath(os.path.join(folder, f), root).replace(os.sep, "/")
                layer = layer_of(rel)
                if layer is None:
                    problems.append(f"{rel}:1: in no layer: add its folder to the table in "
                                    "tests/layering/check_layers.py and to CMakeLists.txt")
                    continue
                allowed = allowed_from(layer)
                with open(os.path.join(root, rel), encoding="utf-8") as fh:
                    for n, text in enumerate(fh, 1):
                        m = INCLUDE.match(text)
                        if not m:
                            continue
                        quote, name = m.groups()
                        target = resolve(root, rel, name)
                        if target is not None:
                            to = layer_of(target)
                            if to is None and not target.startswith(SCANNED):
                                problems.append(f"{rel}:{n}: includes {target}, outside the "
                                                "layers (tests and tools are above them all)")
                            elif to is not None and to not in allowed:
                                problems.append(
                                    f"{rel}:{n}: {layer} includes {target} of layer {to}, "
                                    f"which it does not depend on (it may use: "
                                    f"{', '.join(sorted(allowed))})")
                        elif quote == '"' and not name.endswith(".inc"):
                            problems.append(f"{rel}:{n}: \"{name}\" is no file of the tree")
                        for pattern, where, what in EXTERNAL:
                            if pattern.match(name) and layer not in where:
                                problems.append(f"{rel}:{n}: {what} ({name}) in layer {layer}; "
                                                f"only in {', '.join(sorted(where))}")
    return problems


def cmake_calls(text, command):
    """(first argument, the other arguments) of each call of `command` in a CMake file."""
    text = re.sub(r"#[^\n]*", "", text)
    for m in re.finditer(command + r"\s*\(([^)]*)\)", text):
        args = m.group(1).split()
        if args:
            yield args[0], args[1:]


def check_cmake(root):
    problems = []
    path = os.path.join(root, "CMakeLists.txt")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    target_of = {n: lib[0] for n, _, _, lib in LAYERS if lib}
    libraries = set(target_of.values())
    linked, sources = {}, {}
    for target, args in cmake_calls(text, "target_link_libraries"):
        linked.setdefault(target, set()).update(a for a in args if a in libraries)
    globs = {}
    for command, args in cmake_calls(text, "file"):
        if command == "GLOB" and args:
            globs[args[0]] = [a for a in args[1:] if a != "CONFIGURE_DEPENDS"]
    # tramso_core_library(NAME FOLDER) builds kiosk/core/FOLDER/*.cpp as tramso_NAME
    for name, args in cmake_calls(text, "tramso_core_library"):
        if args:
            sources.setdefault(f"tramso_{name}", []).append(f"kiosk/core/{args[0]}/*.cpp")
    for target, args in cmake_calls(text, "add_library"):
        for a in args:
            m = re.fullmatch(r"\$\{(\w+)\}", a)
            if m and m.group(1) in globs:
                sources.setdefault(target, []).extend(globs[m.group(1)])
    for name, _, deps, lib in LAYERS:
        if not lib:
            continue
        target, glob = lib
        want = {target_of[d] for d in deps if d in target_of}
        if linked.get(target, set()) != want:
            problems.append(f"CMakeLists.txt:1: {target} links {sorted(linked.get(target, []))}"
                            f" but the layer table says {sorted(want)}")
        if glob not in sources.get(target, []):
            problems.append(f"CMakeLists.txt:1: {target} does not build {glob} (layer {name})")
    for program, want in PROGRAMS.items():
        if linked.get(program, set()) != want:
            problems.append(f"CMakeLists.txt:1: {program} links "
                            f"{sorted(linked.get(program, []))}, not {sorted(want)}")
    return problems


def check(root):
    return check_includes(root) + check_cmake(root)


def self_test():
    """A tiny tree: clean, then each kind of violation added alone must be reported."""
    clean = {
        "kiosk/core/base/a.hpp": "#pragma once\n#include <string>\n",
        "kiosk/core/base/a.cpp": '#include "a.hpp"\n',
        "kiosk/core/content/c.hpp": '#include "../base/a.hpp"\n',
        "kiosk/core/visit/v.hpp": '#include "kiosk/core/content/c.hpp"\n',
        "db/b.cpp": '#include "../kiosk/core/visit/v.hpp"\n#include <sqlite3.h>\n',
        "kiosk/ui/w.hpp": '#include "../core/content/c.hpp"\n#include <imgui.h>\n',
        "screens/s.cpp": '#include "../kiosk/ui/w.hpp"\n#include "../kiosk/core/visit/v.hpp"\n',
        "kiosk/app/p.cpp": '#include "../../screens/s.cpp"\n#include "../../db/b.cpp"\n',
        "kiosk/platform/g.cpp": '#include "../app/p.cpp"\n#include <GLFW/glfw3.h>\n',
        "CMakeLists.txt": """
function(tramso_core_library name folder)
endfunction()
tramso_core_library(base base)
tramso_core_library(config config)
target_link_libraries(tramso_config PUBLIC tramso_base)
tramso_core_library(nav nav)
target_link_libraries(tramso_nav PUBLIC tramso_base)
tramso_core_library(stick stick)
target_link_libraries(tramso_stick PUBLIC tramso_base)
tramso_core_library(content content)
target_link_libraries(tramso_content PUBLIC tramso_config tramso_nav tramso_stick)
tramso_core_library(speech speech)
target_link_libraries(tramso_speech PUBLIC tramso_content)
tramso_core_library(staff staff)
target_link_libraries(tramso_staff PUBLIC tramso_nav)
tramso_core_library(visit visit)
target_link_libraries(tramso_visit PUBLIC tramso_content tramso_staff)
file(GLOB DB CONFIGURE_DEPENDS db/*.cpp)
add_library(tramso_db STATIC ${DB})
target_link_libraries(tramso_db PUBLIC tramso_visit)
file(GLOB P CONFIGURE_DEPENDS db/province/*.cpp)
add_library(tramso_province STATIC ${P})
target_link_libraries(tramso_province PUBLIC tramso_db)
file(GLOB UI CONFIGURE_DEPENDS kiosk/ui/*.cpp)
add_library(tramso_ui STATIC ${UI})
target_link_libraries(tramso_ui PUBLIC tramso_content)
file(GLOB S CONFIGURE_DEPENDS screens/*.cpp)
add_library(tramso_screens STATIC ${S})
target_link_libraries(tramso_screens PUBLIC tramso_ui tramso_visit)
file(GLOB A CONFIGURE_DEPENDS kiosk/app/*.cpp)
add_library(tramso_app STATIC ${A})
target_link_libraries(tramso_app PUBLIC tramso_screens tramso_db tramso_speech)
target_link_libraries(tramso PRIVATE tramso_app)
target_link_libraries(tramso-province PRIVATE tramso_province)
""",
    }
    bad = [
        ("core includes db", "kiosk/core/base/a.cpp", '#include "../../../db/b.cpp"\n',
         "layer db"),
        ("an arrow back up inside core", "kiosk/core/base/a.cpp",
         '#include "../content/c.hpp"\n', "layer content"),
        ("a core folder includes one beside it", "kiosk/core/speech/x.cpp",
         '#include "kiosk/core/visit/v.hpp"\n', "layer visit"),
        ("ui includes screens", "kiosk/ui/w.hpp", '#include "../../screens/s.cpp"\n',
         "layer screens"),
        ("screens include db", "screens/s.cpp", '#include "../db/b.cpp"\n', "layer db"),
        ("screens include app", "screens/s.cpp", '#include "../kiosk/app/p.cpp"\n',
         "layer app"),
        ("db includes ui", "db/b.cpp", '#include "../kiosk/ui/w.hpp"\n', "layer ui"),
        ("a root-relative include", "kiosk/ui/w.hpp", '#include "db/b.cpp"\n', "layer db"),
        ("ImGui in core", "kiosk/core/base/a.hpp", "#include <imgui.h>\n", "ImGui"),
        ("a new core folder without a library", "kiosk/core/misc/m.cpp", "\n", "in no layer"),
        ("a core library that links one it should not", "CMakeLists.txt",
         "target_link_libraries(tramso_nav PUBLIC tramso_content)\n", "tramso_nav links"),
        ("GLFW in the ui", "kiosk/ui/w.hpp", "#include <GLFW/glfw3.h>\n", "GLFW"),
        ("SQLite in a screen", "screens/s.cpp", "#include <sqlite3.h>\n", "SQLite"),
        ("a missing header", "kiosk/ui/w.hpp", '#include "nowhere.hpp"\n', "no file"),
        ("a file in no layer", "kiosk/loose.cpp", "\n", "in no layer"),
        ("CMake links a layer the table does not name", "CMakeLists.txt",
         "target_link_libraries(tramso_ui PUBLIC tramso_db)\n", "tramso_ui links"),
        ("the kiosk binary links libpq's library", "CMakeLists.txt",
         "target_link_libraries(tramso PRIVATE tramso_province)\n", "tramso links"),
    ]
    failures = []
    with tempfile.TemporaryDirectory() as root:
        def write(files):
            for rel, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(root, rel)) or root, exist_ok=True)
                with open(os.path.join(root, rel), "w", encoding="utf-8") as fh:
                    fh.write(text)

        write(clean)
        found = check(root)
        if found:
            failures.append("the clean tree was refused: " + "; ".join(found))
        for what, rel, extra, expect in bad:
            write({rel: clean.get(rel, "") + extra})
            found = check(root)
            if not any(rel in p and expect in p for p in found):
                failures.append(f"not caught: {what} ({rel}); reported: {found}")
            if rel in clean:
                write({rel: clean[rel]})
            else:
                os.remove(os.path.join(root, rel))
    for f in failures:
        print(f)
    print(f"self-test: {len(failures)} failure(s)" if failures else
          f"self-test: the clean tree passes and all {len(bad)} violations are caught")
    return 1 if failures else 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    root = os.path.abspath(argv[1] if len(argv) > 1 else
                           os.path.join(os.path.dirname(__file__), "..", ".."))
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} violation(s) of the layers (ARCHITECTURE.md, section 1)")
        return 1
    print("layers: every include follows the declared dependencies")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
