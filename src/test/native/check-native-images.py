#!/usr/bin/env python3
"""Checks what each function's native build asks of native-image: only what its handler loads.

Reads, per function module, what the native build (.ci/run; src/test/native/README.md) left in
target/afl-native-image-source-jar/: native-image.args (the command Quarkus gave native-image) and the runner jar's
generated META-INF/native-image/{reflect,resource}-config.json. Fails, naming the function and the rule, when
 - ONNX Runtime (its jar, its run-time initialisation) is on an image outside recommend and reward, or missing there
   with its native library and its JNI registration,
 - the prompts or the LLM client's listener are included outside recommend and judge (or missing there),
 - a record the function reads or writes as JSON (its events and results, the session store's records, the model
   cards, the fan-out's cases and outcomes) is not registered for reflection,
 - function.zip is not a native package (a bootstrap, no lib/ jars).
Usage: src/test/native/check-native-images.py [repository root]
"""
import json
import sys
import zipfile
from pathlib import Path

FUNCTIONS = ["start", "recommend", "reward", "judge", "finalize", "case-outcome", "aggregate"]
ONNX = {"recommend", "reward"}           # score a model with ONNX Runtime
AGENTS = {"recommend", "judge"}          # render prompts; may call an LLM
ONNX_INIT = "--initialize-at-run-time=ai.onnxruntime"

EVERY_FUNCTION = [
    "dev.afl.function.StartEvent", "dev.afl.function.StepEvent", "dev.afl.function.FinalizeEvent",
    "dev.afl.function.StepResult", "dev.afl.function.ItemRef", "dev.afl.memory.Budget",
    "dev.afl.memory.Session", "dev.afl.memory.SessionRequest", "dev.afl.memory.RoundRecord",
    "dev.afl.memory.PendingRound", "dev.afl.AgentTrace", "dev.afl.catalog.Item",
    "dev.afl.event.RecommendationRefined", "dev.afl.event.RecommendationRefined$FinalItem",
    "dev.afl.model.ModelCard",
]
FAN_OUT = ["dev.afl.function.CaseOutcomeEvent", "dev.afl.evaluation.fanout.FanOutCase",
           "dev.afl.evaluation.CandidateLists", "dev.afl.evaluation.fanout.CaseResult",
           "dev.afl.evaluation.recommendation.CaseOutcome",
           "dev.afl.evaluation.recommendation.CaseOutcome$JudgementRecord", "dev.afl.evaluation.Usage"]
REFLECTION = {
    "case-outcome": FAN_OUT,
    "aggregate": FAN_OUT + ["dev.afl.function.AggregateEvent", "dev.afl.evaluation.fanout.FanOutMetrics",
                            "dev.afl.evaluation.recommendation.ConfigurationResult",
                            "dev.afl.evaluation.recommendation.ConfigurationResult$RoundAudit",
                            "dev.afl.evaluation.Estimate", "dev.afl.evaluation.CostLedger",
                            "dev.afl.evaluation.fanout.PopularityGroups"],
    "judge": ["dev.afl.agent.simulated.SimulatedUserCalibration"],
}


def jni_names(runner: Path, lib: Path) -> set[str]:
    """The classes registered for JNI: Quarkus' generated jni-config.json and those the libraries ship."""
    names = set()
    for jar_path in [runner, *lib.glob("*.jar")]:
        with zipfile.ZipFile(jar_path) as jar:
            for entry in jar.namelist():
                if entry.startswith("META-INF/native-image/") and entry.endswith("jni-config.json"):
                    names |= {item["name"] for item in json.loads(jar.read(entry))}
    return names


def check(root: Path, function: str) -> list[str]:
    target = root / "src" / "functions" / function / "target"
    sources = target / "afl-native-image-source-jar"
    args_file, jar_file = sources / "native-image.args", sources / "afl-runner.jar"
    if not args_file.is_file() or not jar_file.is_file():
        return [f"no {args_file.relative_to(root)} or {jar_file.name}: run the native build first (.ci/run, or"
                " src/test/native/README.md)"]
    args = args_file.read_text().split("\n")
    with zipfile.ZipFile(jar_file) as jar:
        reflected = {entry["name"] for entry in json.loads(jar.read("META-INF/native-image/reflect-config.json"))}
        resources = json.loads(jar.read("META-INF/native-image/resource-config.json"))
    patterns = [entry["pattern"] for entry in resources.get("resources", {}).get("includes", [])]

    problems = []

    def rule(present: bool, wanted: bool, what: str):
        if present and not wanted:
            problems.append(f"{what} is asked for, but this function does not use it")
        elif wanted and not present:
            problems.append(f"{what} is missing, but this function needs it")

    libraries = sorted(path.name for path in (sources / "lib").glob("*.jar"))
    rule(ONNX_INIT in args, function in ONNX, f"'{ONNX_INIT}' (native-image.args)")
    rule(any(name.startswith("com.microsoft.onnxruntime.") for name in libraries), function in ONNX,
         "ONNX Runtime (its jar on the image's class path)")
    # Quarkus LangChain4j's core extension adds the pattern wherever it is (judge too); it matches nothing where ONNX
    # Runtime's jar is absent, so only its absence is a problem.
    if function in ONNX and not any("ai/onnxruntime/native" in p for p in patterns):
        problems.append("ONNX Runtime's native library is not a resource, but this function scores a model")
    if function in ONNX and "ai.onnxruntime.OrtException" not in jni_names(jar_file, sources / "lib"):
        problems.append("ONNX Runtime's classes are not registered for JNI (its library creates tensors and"
                        " exceptions from native code)")
    rule(any(p.startswith("prompts/") for p in patterns), function in AGENTS, "the prompts as resources")
    rule(any("RestClientListener" in p for p in patterns), function in AGENTS,
         "the LLM client's RestClientListener service file as a resource")
    for name in EVERY_FUNCTION + REFLECTION.get(function, []):
        if name not in reflected:
            problems.append(f"{name} is read or written as JSON but not registered for reflection")

    package = target / "function.zip"
    if not package.is_file():
        problems.append(f"no {package.relative_to(root)}")
    else:
        with zipfile.ZipFile(package) as zipped:
            names = zipped.namelist()
        if "bootstrap" not in names or any(name.startswith("lib/") for name in names):
            problems.append("function.zip is not a native package (a bootstrap and no lib/ jars)")
    return problems


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    failed = False
    for function in FUNCTIONS:
        problems = check(root, function)
        failed |= bool(problems)
        print(f"{function}: {'ok' if not problems else 'FAILED'}")
        for problem in problems:
            print(f"  - {problem}")
    if failed:
        print("The native build of a function asks for what it does not use, or misses what it does: fix its"
              " module's native.resources / native.build-args (pom.xml) or its reflection registration.",
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
