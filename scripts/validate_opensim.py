#!/usr/bin/env python3
"""Taut's muscle lengths against OpenSim's own, on the thoracoscapular model.

Samples scapulothoracic poses of ThoracoscapularShoulderModel.osim (Seth et al. 2019) around
its default, asks OpenSim for every thorax-scapula muscle's length (GeometryPath.getLength,
wrapping included) and whether its path wraps there, expresses each pose in Taut's frames
(ISB thorax frame from the markers IJ, PX, C7, T8; ISB scapula frame from AA, TS, AI; the
pose is the scapula frame's origin and ISB Y-X-Z angles), runs `taut lengths` on a Taut model
of the same file, and prints per muscle the largest and median difference in mm and %,
poses where OpenSim wraps apart from those where it does not, at ±8° and at ±15°.

Run through `scripts/validate-opensim`, which sets up the peers' virtual environment
(opensim from PyPI) and builds Taut. With --write-reference it also writes the committed
reference table that the Swift suite checks without OpenSim (Tests/TautFilesTests/OpenSimReference).

Every frame here is computed from OpenSim's state (marker positions in ground) and nothing
from Taut's importer: the comparison checks the importer's frames too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OSIM = os.path.join(os.path.dirname(REPO), "shared", "reference-models", "ThoracoscapularShoulderModel.osim")
REFERENCE_DIR = os.path.join(REPO, "Tests", "TautFilesTests", "OpenSimReference")

SCAPULA_COORDINATES = ["scapula_abduction", "scapula_elevation", "scapula_upward_rot", "scapula_winging"]
POSE_COLUMNS = ["name", "x_m", "y_m", "z_m", "protraction_deg", "lateral_rotation_deg", "posterior_tilt_deg"]

# Targets (issue 12): a muscle OpenSim does not wrap equals OpenSim's length within 0.05 mm at
# every pose; a wrapped muscle that the model gives via points, within 3 mm at ±8°.
UNWRAPPED_TARGET_MM = 0.05
WRAPPED_TARGET_MM = 3.0
# Taut's derivatives against central differences of OpenSim's lengths and frames (step 1e-6
# rad: truncation about h^2 times the third derivative, 1e-12 m/rad; round-off about
# 1e-16 m / 1e-6 rad, 1e-10 m/rad): 1e-3 mm/rad.
DERIVATIVE_TARGET_MM_PER_RAD = 1e-3

# The shipped default model (Models/shoulder-girdle.yaml, until it is derived by `taut import`)
# renames the source's muscles; its source text, rule (3), gives this map.
SHIPPED_NAMES = {
    "upper_trapezius": "TrapeziusScapula_S", "middle_trapezius": "TrapeziusScapula_M",
    "lower_trapezius": "TrapeziusScapula_I", "rhomboid_minor": "Rhomboideus_S",
    "rhomboid_major": "Rhomboideus_I", "levator_scapulae": "LevatorScapulae",
    "serratus_anterior_superior": "SerratusAnterior_S", "serratus_anterior_middle": "SerratusAnterior_M",
    "serratus_anterior_inferior": "SerratusAnterior_I", "pectoralis_minor": "PectoralisMinor",
}


def quiet_opensim():
    import opensim as osim
    osim.Logger.setLevelString("error")
    return osim


def vec(v) -> np.ndarray:
    return np.array([v.get(0), v.get(1), v.get(2)])


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Frames:
    """The ISB thorax and scapula frames of an OpenSim state, in ground.

    Thorax (Wu et al. 2005, DESIGN.md section 1): origin IJ; Y from the midpoint of PX and T8
    to the midpoint of IJ and C7; Z normal to the plane of IJ, C7 and that lower midpoint,
    pointing right; X = Y x Z. Scapula: origin AA; Z from TS towards AA; X normal to the plane
    AA-TS-AI, pointing forward; Y = Z x X. "Right" and "forward" fix the sign of each normal:
    the thorax body's +Z (the file's right) and the thorax's anterior axis, respectively.
    """

    def __init__(self, model, state):
        self.model = model
        markers = model.getMarkerSet()
        self.marker = lambda name: vec(markers.get(name).getLocationInGround(state))
        ij, c7, px, t8 = (self.marker(n) for n in ("ij", "c7", "px", "t8"))
        thorax_body = model.getBodySet().get("thorax")
        r_body = np.array([[thorax_body.getTransformInGround(state).R().get(i, j) for j in range(3)] for i in range(3)])
        lower = (px + t8) / 2
        y = unit((ij + c7) / 2 - lower)
        z = unit(np.cross(c7 - ij, lower - ij))
        if z @ r_body[:, 2] < 0:
            z = -z
        x = np.cross(y, z)
        self.thorax_origin = ij
        self.thorax_rotation = np.column_stack([x, y, z])  # thorax-ISB axes in ground
        self.thorax_body_origin = vec(thorax_body.getPositionInGround(state))
        self.thorax_body_rotation = r_body
        aa, ts, ai = (self.marker(n) for n in ("aa", "ts", "ai"))
        zs = unit(aa - ts)
        xs = unit(np.cross(ts - aa, ai - aa))
        if xs @ x < 0:
            xs = -xs
        ys = np.cross(zs, xs)
        self.scapula_origin = aa
        self.scapula_rotation = np.column_stack([xs, ys, zs])

    def thorax(self, frame: str) -> tuple[np.ndarray, np.ndarray]:
        """Origin and axes (columns, in ground) of the ground frame Taut's model uses."""
        if frame == "isb":
            return self.thorax_origin, self.thorax_rotation
        return self.thorax_body_origin, self.thorax_body_rotation

    def pose(self, frame: str) -> dict:
        """The Taut pose: the ISB scapula frame's origin (m) and ISB Y-X-Z angles (degrees;
        R = Ry(protraction) Rx(-lateral_rotation) Rz(posterior_tilt)) in the thorax frame."""
        o, rt = self.thorax(frame)
        p = rt.T @ (self.scapula_origin - o)
        r = rt.T @ self.scapula_rotation
        b = math.asin(max(-1.0, min(1.0, -r[1, 2])))
        a = math.atan2(r[0, 2], r[2, 2])
        c = math.atan2(r[1, 0], r[1, 1])
        return {"x_m": float(p[0]), "y_m": float(p[1]), "z_m": float(p[2]), "protraction_deg": math.degrees(a),
                "lateral_rotation_deg": -math.degrees(b), "posterior_tilt_deg": math.degrees(c)}


def scapular_muscles(model) -> list:
    """Every muscle whose fixed path points are all on the thorax or the scapula, with at
    least one on each (a path that crosses the clavicle or the humerus is not Taut's)."""
    out = []
    muscles = model.getMuscles()
    for i in range(muscles.getSize()):
        m = muscles.get(i)
        pps = m.getGeometryPath().getPathPointSet()
        bodies = {os.path.basename(pps.get(j).getParentFrame().getAbsolutePathString()) for j in range(pps.getSize())}
        if bodies == {"thorax", "scapula"}:
            out.append(m)
    return out


class OpenSimSampler:
    def __init__(self, path: str):
        osim = quiet_opensim()
        self.osim = osim
        self.model = osim.Model(path)
        self.state = self.model.initSystem()
        self.muscles = scapular_muscles(self.model)
        self.coordinates = [self.model.getCoordinateSet().get(n) for n in SCAPULA_COORDINATES]
        self.defaults = [c.getDefaultValue() for c in self.coordinates]
        self.version = osim.GetVersionAndDate()

    def at(self, values: list[float]) -> tuple[dict, dict, Frames]:
        """Lengths (m) and wrap flags of every muscle, and the frames, with the four scapula
        coordinates at `values` (rad) and every other coordinate at its default. The AC point
        constraint is not enforced (its assembly would move the scapula coordinates): only
        the clavicle, which no thorax-scapula muscle touches, is then out of place."""
        for c, v in zip(self.coordinates, values):
            c.setValue(self.state, v, False)
        self.model.realizePosition(self.state)
        lengths, wraps = {}, {}
        for m in self.muscles:
            path = m.getGeometryPath()
            lengths[m.getName()] = path.getLength(self.state)
            current = path.getCurrentPath(self.state)
            wraps[m.getName()] = any(current.get(j).getConcreteClassName() == "PathWrapPoint" for j in range(current.getSize()))
        return lengths, wraps, Frames(self.model, self.state)


def sample_coordinates(defaults: list[float], count: int, range_deg: float, rng) -> list[list[float]]:
    r = math.radians(range_deg)
    return [[d + rng.uniform(-r, r) for d in defaults] for _ in range(count)]


def collect(sampler: OpenSimSampler, poses: int, wide: int, seed: int) -> list[dict]:
    """The default pose, `poses` poses within ±8° and `wide` within ±15° of the default on
    each scapula coordinate (independent uniform draws, numpy's PCG64 with `seed`)."""
    rng = np.random.default_rng(seed)
    plan = [("default", 0.0, list(sampler.defaults))]
    plan += [(f"p8_{k + 1:03d}", 8.0, v) for k, v in enumerate(sample_coordinates(sampler.defaults, poses, 8.0, rng))]
    plan += [(f"p15_{k + 1:03d}", 15.0, v) for k, v in enumerate(sample_coordinates(sampler.defaults, wide, 15.0, rng))]
    rows = []
    for name, range_deg, values in plan:
        lengths, wraps, frames = sampler.at(values)
        rows.append({"name": name, "range_deg": range_deg, "coordinates": values, "lengths": lengths,
                     "wraps": wraps, "frames": frames, "isb": frames.pose("isb"), "osim": frames.pose("osim")})
    sampler.at(sampler.defaults)
    return rows


def straight_model(sampler: OpenSimSampler) -> str:
    """A Taut model (YAML) of the thorax-scapula muscles as straight lines between the
    source's own path points, each moved into the ISB frames here, at the default pose:
    the same points in the same frames, so its unwrapped lengths must be OpenSim's. Laws
    are OpenSim's Hill parameters (lengths do not depend on them); no constraints or loads
    (nothing is solved)."""
    sampler.at(sampler.defaults)
    s, model = sampler.state, sampler.model
    f = Frames(model, s)
    ot, rt = f.thorax("isb")
    os_, rs = f.scapula_origin, f.scapula_rotation
    pose = f.pose("isb")
    scapula = model.getBodySet().get("scapula")

    def ground(frame, local: np.ndarray) -> np.ndarray:
        t = frame.getTransformInGround(s)
        r = np.array([[t.R().get(i, j) for j in range(3)] for i in range(3)])
        return vec(t.p()) + r @ local

    def fmt(v) -> str:
        return "[" + ", ".join(repr(float(x)) for x in v) + "]"

    com = rs.T @ (ground(scapula, vec(scapula.getMassCenter())) - os_)
    landmarks = {n.upper(): rs.T @ (f.marker(n) - os_) for n in ("aa", "ts", "ai", "ac")}
    lines = [
        "# Written by scripts/validate-opensim --write-reference: the thorax-scapula muscles of",
        "# ThoracoscapularShoulderModel.osim as straight lines between the source's own path points,",
        "# moved by OpenSim's state into the ISB frames (thorax from IJ, PX, C7, T8; scapula from AA, TS, AI).",
        "name: thoracoscapular-straight-lines",
        "description: Reference geometry for the OpenSim length check (no wrapping, nothing to solve)",
        f"source: ThoracoscapularShoulderModel.osim (sha256 {sha256(sampler.path)}), {sampler.version}",
        "gravity: [0, -9.80665, 0]",
        "scapula:",
        f"  mass: {scapula.getMass()!r}",
        f"  center_of_mass: {fmt(com)}",
        "  reference_pose:",
        f"    position: [{pose['x_m']!r}, {pose['y_m']!r}, {pose['z_m']!r}]",
        f"    orientation_deg: {{protraction: {pose['protraction_deg']!r}, lateral_rotation: {pose['lateral_rotation_deg']!r}, posterior_tilt: {pose['posterior_tilt_deg']!r}}}",
        "  landmarks:",
    ] + [f"    {k}: {fmt(v)}" for k, v in landmarks.items()] + ["muscles:"]
    for m in sampler.muscles:
        pps = m.getGeometryPath().getPathPointSet()
        mm = sampler.osim.Millard2012EquilibriumMuscle.safeDownCast(m) or m
        lines += [
            f"  - name: {m.getName()}",
            "    group: opensim",
            "    law: hill",
            f"    max_isometric_force: {m.getMaxIsometricForce()!r}",
            f"    optimal_fiber_length: {m.getOptimalFiberLength()!r}",
            f"    tendon_slack_length: {m.getTendonSlackLength()!r}",
            f"    pennation_deg: {math.degrees(m.getPennationAngleAtOptimalFiberLength())!r}",
            "    path:",
        ]
        for j in range(pps.getSize()):
            p = pps.get(j)
            body = os.path.basename(p.getParentFrame().getAbsolutePathString())
            g = vec(p.getLocationInGround(s))
            local = rt.T @ (g - ot) if body == "thorax" else rs.T @ (g - os_)
            lines.append(f"      - {{body: {body}, point: {fmt(local)}}}")
    return "\n".join(lines) + "\n"


def taut_lengths(taut: str, model: str, rows: list[dict], frame: str) -> dict:
    """`taut lengths MODEL` at the rows' poses: {(pose, muscle): [length_m, dl_dx, dl_dy, dl_dz,
    dl_drx, dl_dry, dl_drz]}."""
    with tempfile.TemporaryDirectory() as d:
        poses = os.path.join(d, "poses.csv")
        with open(poses, "w") as f:
            f.write(",".join(POSE_COLUMNS) + "\n")
            for r in rows:
                p = r[frame]
                f.write(r["name"] + "," + ",".join(repr(p[c]) for c in POSE_COLUMNS[1:]) + "\n")
        out = subprocess.run([taut, "lengths", model, "--poses", poses], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"validate-opensim: taut lengths {model} failed ({out.returncode}): {out.stderr.strip()}")
    result = {}
    lines = out.stdout.splitlines()
    assert lines[0].split(",")[:3] == ["pose", "muscle", "length_m"], lines[0]
    for line in lines[1:]:
        fields = line.split(",")
        result[(fields[0], fields[1])] = [float(x) for x in fields[2:9]]
    return result


def rotation_vector(r: np.ndarray) -> np.ndarray:
    """The rotation vector (rad) of a rotation matrix near the identity."""
    angle = math.acos(max(-1.0, min(1.0, (np.trace(r) - 1) / 2)))
    w = np.array([r[2, 1] - r[1, 2], r[0, 2] - r[2, 0], r[1, 0] - r[0, 1]]) / 2
    return w if angle < 1e-12 else w * angle / math.sin(angle)


def derivative_check(sampler: OpenSimSampler, rows: list[dict], taut: dict, names: dict, frame: str, h: float = 1e-6) -> float:
    """Largest |dL/dq (Taut) - dL/dq (OpenSim)| in mm/rad over the four scapula coordinates,
    the unwrapped muscles and the given poses. OpenSim's side: central differences of
    getLength in each coordinate, the others fixed. Taut's side: its printed derivatives
    chained with the pose's rate of change, dL/dq = dL/dp . dp/dq + dL/dtheta . dtheta/dq,
    dp/dq and dtheta/dq (the left rotation vector of R+ R-^T, thorax axes) from central
    differences of the ISB frames in OpenSim's state. This checks the derivatives'
    convention (axes, rotation centre) against OpenSim's geometry; OpenSim's moment arm
    about a coordinate is -dL/dq."""
    worst = 0.0
    for r in rows:
        base = list(r["coordinates"])
        for k in range(4):
            ends = []
            for sign in (1, -1):
                q = list(base)
                q[k] += sign * h
                lengths, wraps, frames = sampler.at(q)
                o, rt = frames.thorax(frame)
                ends.append((lengths, wraps, rt.T @ (frames.scapula_origin - o), rt.T @ frames.scapula_rotation))
            (lp, wp, pp, rp), (lm, wm, pm, rm) = ends
            dp = (pp - pm) / (2 * h)
            dtheta = rotation_vector(rp @ rm.T) / (2 * h)
            for osim_name, taut_name in names.items():
                if r["wraps"][osim_name] or wp[osim_name] or wm[osim_name]:
                    continue
                g = taut[(r["name"], taut_name)]
                predicted = np.dot(g[1:4], dp) + np.dot(g[4:7], dtheta)
                numeric = (lp[osim_name] - lm[osim_name]) / (2 * h)
                worst = max(worst, abs(predicted - numeric) * 1000)
    sampler.at(sampler.defaults)
    return float(worst)


def has_subcommand(taut: str, name: str) -> bool:
    """Whether `taut --help` lists the subcommand (an unknown word would go to `solve`)."""
    r = subprocess.run([taut, "--help"], capture_output=True, text=True)
    return any(line.split()[:1] == [name] for line in r.stdout.splitlines() if line.startswith("  "))


def compare(rows: list[dict], taut: dict, names: dict) -> list[dict]:
    """Per muscle, per sampling range, wrapped or not: count, max and median |difference|
    in mm and in % of OpenSim's length. `names` maps OpenSim names to the model's."""
    table = []
    for osim_name, taut_name in names.items():
        for range_deg in sorted({r["range_deg"] for r in rows if r["range_deg"] > 0}):
            # The default pose counts with the ±8° set.
            chosen = [r for r in rows if r["range_deg"] == range_deg or (range_deg == 8.0 and r["range_deg"] == 0)]
            for wrapped in (False, True):
                d = []
                for r in chosen:
                    if r["wraps"][osim_name] != wrapped:
                        continue
                    o = r["lengths"][osim_name]
                    t = taut[(r["name"], taut_name)][0]
                    d.append((abs(t - o) * 1000, abs(t - o) / o * 100))
                if not d:
                    continue
                mm, pct = [x[0] for x in d], [x[1] for x in d]
                table.append({"muscle": osim_name, "range_deg": range_deg, "wrapped": wrapped, "n": len(d),
                              "max_mm": max(mm), "median_mm": statistics.median(mm),
                              "max_pct": max(pct), "median_pct": statistics.median(pct)})
    return table


def print_table(title: str, table: list[dict]) -> None:
    print(f"\n{title}\n")
    print("| muscle | range | OpenSim wraps | poses | max mm | median mm | max % | median % |")
    print("|---|---|---|---|---|---|---|---|")
    for t in table:
        print(f"| {t['muscle']} | ±{t['range_deg']:.0f}° | {'yes' if t['wrapped'] else 'no'} | {t['n']} | "
              f"{small(t['max_mm'])} | {small(t['median_mm'])} | {small(t['max_pct'])} | {small(t['median_pct'])} |")


def small(x: float) -> str:
    """Three decimals, or two significant digits in exponent form below 0.001 (so that a
    round-off difference reads as one, not as 0.000)."""
    if x == 0:
        return "0"
    return f"{x:.3f}" if x >= 0.001 else f"{x:.1e}"


def verdict(table: list[dict], via_points: set) -> list[str]:
    """The targets this table misses: unwrapped within UNWRAPPED_TARGET_MM at every pose;
    wrapped muscles that the model gives via points within WRAPPED_TARGET_MM at ±8°."""
    misses = []
    for t in table:
        if not t["wrapped"] and t["max_mm"] > UNWRAPPED_TARGET_MM:
            misses.append(f"{t['muscle']} (not wrapped, ±{t['range_deg']:.0f}°): {t['max_mm']:.4f} mm > {UNWRAPPED_TARGET_MM} mm")
        if t["wrapped"] and t["range_deg"] == 8.0 and t["muscle"] in via_points and t["max_mm"] > WRAPPED_TARGET_MM:
            misses.append(f"{t['muscle']} (wrapped, ±8°): {t['max_mm']:.3f} mm > {WRAPPED_TARGET_MM} mm")
    return misses


def write_reference(sampler: OpenSimSampler, rows: list[dict], seed: int, straight: str) -> None:
    os.makedirs(REFERENCE_DIR, exist_ok=True)
    head = (f"# OpenSim's muscle lengths on ThoracoscapularShoulderModel.osim (sha256 {sha256(sampler.path)}), "
            f"{sampler.version}; written by scripts/validate-opensim --write-reference (seed {seed}).\n")
    with open(os.path.join(REFERENCE_DIR, "thoracoscapular-poses.csv"), "w") as f:
        f.write(head)
        f.write("# Poses in Taut's frames: ISB thorax frame from the file's markers IJ, PX, C7, T8; the ISB scapula\n"
                "# frame's origin (AA, m) and ISB Y-X-Z angles (degrees). The input of `taut lengths --poses`.\n")
        f.write(",".join(POSE_COLUMNS) + "\n")
        for r in rows:
            f.write(r["name"] + "," + ",".join(repr(r["isb"][c]) for c in POSE_COLUMNS[1:]) + "\n")
    with open(os.path.join(REFERENCE_DIR, "thoracoscapular-lengths.csv"), "w") as f:
        f.write(head)
        f.write("# One row per pose (thoracoscapular-poses.csv) and thorax-scapula muscle: the sampling range about\n"
                "# the default (degrees, on each scapula coordinate), OpenSim's coordinates (rad), GeometryPath.getLength\n"
                "# (m, wrapping included) and whether the path wraps there (a PathWrapPoint in its current path).\n")
        f.write("pose,range_deg," + ",".join(f"{c}_rad" for c in SCAPULA_COORDINATES) + ",muscle,opensim_length_m,opensim_wraps\n")
        for r in rows:
            for m in sampler.muscles:
                n = m.getName()
                f.write(f"{r['name']},{r['range_deg']:g}," + ",".join(repr(v) for v in r["coordinates"])
                        + f",{n},{r['lengths'][n]!r},{str(r['wraps'][n]).lower()}\n")
    with open(os.path.join(REFERENCE_DIR, "thoracoscapular-straight.yaml"), "w") as f:
        f.write(straight)


def model_names(taut: str, model: str, osim_names: list[str]) -> dict:
    """OpenSim name -> the model's muscle name (the same, or the shipped model's renaming)."""
    r = subprocess.run([taut, "export", model, "--format", "json"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"validate-opensim: taut export {model} failed: {r.stderr.strip()}")
    names = [m["name"] for m in json.loads(r.stdout)["muscles"]]
    out = {}
    for n in names:
        o = n if n in osim_names else SHIPPED_NAMES.get(n)
        if o in osim_names:
            out[o] = n
    return out


def via_point_muscles(taut: str, model: str, names: dict) -> set:
    """OpenSim names of the muscles whose Taut path has more than two points."""
    r = subprocess.run([taut, "export", model, "--format", "json"], capture_output=True, text=True)
    paths = {m["name"]: m["path"] for m in json.loads(r.stdout)["muscles"]}
    return {o for o, t in names.items() if len(paths[t]) > 2}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--taut", required=True, help="the taut executable")
    ap.add_argument("--osim", default=DEFAULT_OSIM, help="the thoracoscapular .osim file")
    ap.add_argument("--model", action="append", default=[],
                    help="a Taut model to compare (repeatable; default: `taut import` of the .osim, "
                         "else the shipped shoulder-girdle model)")
    ap.add_argument("--thorax-frame", choices=["isb", "osim"], default="isb",
                    help="the ground frame of the --model models: isb (built from IJ, PX, C7, T8; the importer's) "
                         "or osim (the file's own thorax body frame, as the hand-derived shoulder-girdle model has)")
    ap.add_argument("--poses", type=int, default=60, help="poses within ±8° (default 60)")
    ap.add_argument("--wide-poses", type=int, default=30, help="poses within ±15° (default 30)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--write-reference", action="store_true",
                    help="write the reference table and straight-line model under Tests/TautFilesTests/OpenSimReference")
    args = ap.parse_args()

    sampler = OpenSimSampler(args.osim)
    sampler.path = args.osim
    osim_names = [m.getName() for m in sampler.muscles]
    print(f"OpenSim {sampler.version}; {os.path.basename(args.osim)} sha256 {sha256(args.osim)}")
    print(f"thorax-scapula muscles: {', '.join(osim_names)}")
    rows = collect(sampler, args.poses, args.wide_poses, args.seed)
    f0 = rows[0]["frames"]
    ang = math.degrees(math.acos(max(-1.0, min(1.0, (np.trace(f0.thorax_body_rotation.T @ f0.thorax_rotation) - 1) / 2))))
    print(f"ISB thorax frame from IJ, PX, C7, T8: {ang:.2f}° from the file's thorax body frame")
    p = rows[0]["isb"]
    print("default pose in Taut's frames: AA at ({:.2f}, {:.2f}, {:.2f}) mm; protraction {:.2f}°, lateral rotation {:.2f}°, "
          "posterior tilt {:.2f}°".format(p["x_m"] * 1000, p["y_m"] * 1000, p["z_m"] * 1000, p["protraction_deg"],
                                          p["lateral_rotation_deg"], p["posterior_tilt_deg"]))
    wrapping = {n: sum(r["wraps"][n] for r in rows) for n in osim_names}
    print("poses where OpenSim wraps (of {}): ".format(len(rows)) + ", ".join(f"{n} {k}" for n, k in wrapping.items()))

    straight = straight_model(sampler)
    models = []  # (label, model path or name, thorax frame)
    tmp = tempfile.TemporaryDirectory()
    straight_path = os.path.join(tmp.name, "straight.yaml")
    with open(straight_path, "w") as f:
        f.write(straight)
    models.append(("straight lines between OpenSim's own points (no importer, no via points)", straight_path, "isb"))
    if args.model:
        models += [(m, m, args.thorax_frame) for m in args.model]
    elif has_subcommand(args.taut, "import"):
        imported = os.path.join(tmp.name, "imported.yaml")
        r = subprocess.run([args.taut, "import", args.osim, "--output", imported], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"validate-opensim: taut import failed ({r.returncode}): {r.stderr.strip()}", file=sys.stderr)
            return 2
        models.append(("`taut import` of the .osim", imported, "isb"))
    else:
        # The shipped model's thorax frame is the file's own thorax body frame (DESIGN.md
        # issue 12: the importer moves it to the ISB frame); its poses are expressed there.
        models.append(("shipped shoulder-girdle (thorax frame: the file's own)", "shoulder-girdle", "osim"))

    status = 0
    for label, model, frame in models:
        names = model_names(args.taut, model, osim_names)
        lengths = taut_lengths(args.taut, model, rows, frame)
        table = compare(rows, lengths, names)
        vias = via_point_muscles(args.taut, model, names)
        print_table(f"{label}: |taut lengths - OpenSim getLength| (via points: {', '.join(sorted(vias)) or 'none'})", table)
        chained = derivative_check(sampler, rows[:11], lengths, names, frame)
        print(f"\nderivatives (unwrapped muscles, 11 poses, 4 coordinates): Taut's dL/dq chained through the pose vs "
              f"OpenSim's central differences of getLength: max {small(chained)} mm/rad")
        misses = verdict(table, vias)
        if chained > DERIVATIVE_TARGET_MM_PER_RAD:
            misses.append(f"derivatives: {chained:.3g} mm/rad > {DERIVATIVE_TARGET_MM_PER_RAD} mm/rad")
        for m in misses:
            print(f"  target missed: {m}")
        if misses:
            status = 1
    if args.write_reference:
        write_reference(sampler, rows, args.seed, straight)
        print(f"\nwrote {os.path.relpath(REFERENCE_DIR, REPO)}/thoracoscapular-{{poses,lengths}}.csv, thoracoscapular-straight.yaml")
    return status


if __name__ == "__main__":
    sys.exit(main())
