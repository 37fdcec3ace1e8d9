#!/usr/bin/env python3
"""Solve the same equilibrium problems with Taut and with three peers, and compare.

Peers, each used the way its own users would obtain a static equilibrium:

* SciPy   -- constrained minimisation (SLSQP) of the same potential energy with analytic
             gradients and analytic constraint Jacobians.
* OpenSim -- the model rebuilt with a FreeJoint, PathSprings, gravity, PrescribedForces and
             the constraints' OpenSim equivalents, integrated forward by a Manager until at rest.
* MuJoCo  -- a free body with spatial tendons (tension-only springs), damping, gravity,
             xfrc_applied loads and equality constraints, stepped until at rest.

Every model reaches the peers through `taut export MODEL --derived`, so they rebuild exactly
the problem Taut solves. Taut's tensions come from `taut solve --format json` and its times
from `taut bench --format json`, measured in the same run. Run through `scripts/compare-peers`,
which sets up the virtual environment and builds Taut.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

import numpy as np
import yaml

# ----------------------------------------------------------------------------------------
# Taut, through its command line
# ----------------------------------------------------------------------------------------


# A length that turns rotations into displacements (m): the scapula's size. Used for
# SciPy's variable scaling, the dynamic peers' inertia (m ARM² about each axis through
# the centre of mass: "some inertia") and their rest test (angular speed × ARM).
ARM = 0.05
GYRATION_RADIUS = ARM


class Taut:
    def __init__(self, binary: str):
        self.binary = binary

    def run(self, *args: str) -> str:
        r = subprocess.run([self.binary, *args], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            raise RuntimeError(f"taut {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")
        return r.stdout

    def catalog(self) -> tuple[list[str], list[str]]:
        """Embedded model names and scenario names from `taut models`."""
        models, scenarios, section = [], [], None
        for line in self.run("models").splitlines():
            if not line.strip():
                continue
            if not line.startswith(" "):
                section = line.strip().lower()
                continue
            name = line.split()[0]
            if section.startswith("model"):
                models.append(name)
            elif section.startswith("scenario"):
                scenarios.append(name)
        return models, scenarios

    def export(self, model: str, case: str | None = None) -> dict:
        args = ["export", model, "--derived", "--format", "json"]
        if case is not None:
            args += ["--case", case]
        return json.loads(self.run(*args))

    def solve(self, model: str) -> dict:
        return json.loads(self.run("solve", model, "--format", "json"))

    def bench(self, model: str, duration: float) -> dict:
        return json.loads(self.run("bench", model, "--format", "json", "--duration", str(duration)))


# ----------------------------------------------------------------------------------------
# The problem, as exported
# ----------------------------------------------------------------------------------------


@dataclass
class Muscle:
    name: str
    law: str  # "spring" | "hill"
    params: dict
    path: list  # [(is_body, point ndarray)]


@dataclass
class Problem:
    name: str
    gravity: np.ndarray
    mass: float
    com: np.ndarray
    p0: np.ndarray
    R0: np.ndarray
    muscles: list
    constraints: list  # dicts: name, type, body_point, ground_point/length/center/radii/unilateral
    loads: list  # (name, body_point, force)


def vec(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def problem_from_export(d: dict) -> Problem:
    s = d["scapula"]
    muscles = []
    for m in d["muscles"]:
        law = m["law"]
        if isinstance(law, dict):  # tolerate a nested law mapping
            kind = law.get("type") or next(iter(law))
            params = law if "type" in law else law[kind]
        else:
            kind, params = law, m
        path = [(p["body"] == "scapula", vec(p["point"])) for p in m["path"]]
        muscles.append(Muscle(m["name"], kind, dict(params), path))
    constraints = []
    for c in d.get("constraints", []):
        c = dict(c)
        for k in ("body_point", "ground_point", "center", "radii"):
            if k in c:
                c[k] = vec(c[k])
        constraints.append(c)
    loads = [(l["name"], vec(l["body_point"]), vec(l["force"])) for l in d.get("loads", [])]
    return Problem(
        name=d["name"], gravity=vec(d["gravity"]), mass=float(s["mass"]),
        com=vec(s["center_of_mass"]), p0=vec(s["reference_pose"]["position"]),
        R0=vec(d["derived"]["reference_rotation_rows"]), muscles=muscles,
        constraints=constraints, loads=loads)


# ----------------------------------------------------------------------------------------
# Mechanics shared by the peers: rotations and force laws, as Taut defines them
# ----------------------------------------------------------------------------------------


def skew(w: np.ndarray) -> np.ndarray:
    return np.array([[0.0, -w[2], w[1]], [w[2], 0.0, -w[0]], [-w[1], w[0], 0.0]])


def rot_exp(w: np.ndarray) -> np.ndarray:
    t = math.sqrt(w @ w)
    K = skew(w)
    if t < 1e-8:
        return np.eye(3) + K + 0.5 * K @ K
    return np.eye(3) + math.sin(t) / t * K + (1 - math.cos(t)) / (t * t) * K @ K


def left_jacobian(w: np.ndarray) -> np.ndarray:
    """J_l(θ): exp([θ + δ]×) ≈ exp([J_l δ]×) exp([θ]×)."""
    t = math.sqrt(w @ w)
    K = skew(w)
    if t < 1e-8:
        return np.eye(3) + 0.5 * K + K @ K / 6
    return np.eye(3) + (1 - math.cos(t)) / (t * t) * K + (t - math.sin(t)) / (t ** 3) * K @ K


class HillLaw:
    """Rigid-tendon Hill muscle with Thelen (2003) curves, Taut's smoothed passive onset
    and cut-off cubic (README, 'Mechanics'; Sources/TautCore/Forces/HillMuscle.swift):
    tension T(L) and potential V(L) = ∫ T dL from the tendon slack length."""

    W = 0.45
    KPE = 5.0 / 0.6
    PSCALE = 1.0 / (math.exp(5.0) - 1.0)
    CUTOFF = 0.5
    ONSET = 0.02  # half-width of the smoothed passive onset, normalised fibre length

    @classmethod
    def _thelen_passive(cls, d: float):
        e = math.exp(min(cls.KPE * d, 700.0))  # (a wild trial step must not overflow)
        return (e - 1) * cls.PSCALE, cls.KPE * e * cls.PSCALE, ((e - 1) / cls.KPE - d) * cls.PSCALE

    @classmethod
    def _passive(cls, d: float):
        """f_PE, its slope and its integral from the onset, at d = l − 1."""
        w = cls.ONSET
        if d <= -w:
            return 0.0, 0.0, 0.0
        u = 2 * w
        hv, hs, hi = cls._thelen_passive(w)
        c3 = (hs * u - 2 * hv) / u ** 3
        c2 = (hv - c3 * u ** 3) / u ** 2
        if d < w:
            u = d + w
            return c2 * u * u + c3 * u ** 3, 2 * c2 * u + 3 * c3 * u * u, c2 * u ** 3 / 3 + c3 * u ** 4 / 4
        v, s, i = cls._thelen_passive(d)
        return v, s, c2 * u ** 3 / 3 + c3 * u ** 4 / 4 + i - hi

    def __init__(self, p: dict):
        self.fmax = float(p["max_isometric_force"])
        self.lo = float(p["optimal_fiber_length"])
        self.lts = float(p["tendon_slack_length"])
        self.alpha = math.radians(float(p.get("pennation_deg", 0.0)))
        self.a = float(p.get("activation", 0.0))
        self.h = self.lo * math.sin(self.alpha)
        xc = self.CUTOFF * self.lo
        t, k, v = self._branch(xc)
        self.xc = xc
        self.c3 = (k * xc - 2 * t) / xc ** 3
        self.c2 = (t - self.c3 * xc ** 3) / xc ** 2
        self.offset = self.c2 * xc ** 3 / 3 + self.c3 * xc ** 4 / 4 - v

    @property
    def slack_length(self) -> float:
        return self.lts + self.lo * math.cos(self.alpha)

    def _fibre(self, lf: float):
        l = lf / self.lo
        dl = l - 1
        fl = math.exp(-dl * dl / self.W)
        dfl = -2 * dl / self.W * fl
        int_fl = 0.5 * math.sqrt(math.pi * self.W) * math.erf(dl / math.sqrt(self.W))
        fpe, dfpe, int_fpe = self._passive(dl)
        return (self.fmax * (self.a * fl + fpe), self.fmax / self.lo * (self.a * dfl + dfpe),
                self.fmax * self.lo * (self.a * int_fl + int_fpe))

    def _branch(self, x: float):
        lf = math.sqrt(x * x + self.h * self.h)
        f, s, v = self._fibre(lf)
        cos_a = x / lf
        return f * cos_a, s * cos_a * cos_a + f * self.h * self.h / lf ** 3, v

    def tension_potential(self, L: float) -> tuple[float, float]:
        x = L - self.lts
        if x <= 0:
            return 0.0, 0.0
        if x < self.xc:
            return self.c2 * x * x + self.c3 * x ** 3, self.c2 * x ** 3 / 3 + self.c3 * x ** 4 / 4
        t, _, v = self._branch(x)
        return t, v + self.offset


# ----------------------------------------------------------------------------------------
# SciPy: SLSQP on the potential energy, analytic gradient and constraint Jacobians
# ----------------------------------------------------------------------------------------


class ScipyPeer:
    name = "SciPy"

    def __init__(self):
        import scipy

        self.version = f"SciPy {scipy.__version__} (SLSQP)"

    def unsupported(self, pb: Problem) -> str | None:
        return None

    def build(self, pb: Problem):
        # Path points and segments, vectorised over all muscles.
        pts, is_body, seg_a, seg_b, seg_m = [], [], [], [], []
        for i, m in enumerate(pb.muscles):
            start = len(pts)
            for body, p in m.path:
                pts.append(p)
                is_body.append(body)
            for k in range(len(m.path) - 1):
                seg_a.append(start + k)
                seg_b.append(start + k + 1)
                seg_m.append(i)
        geo = dict(
            pts=np.array(pts), is_body=np.array(is_body), seg_a=np.array(seg_a),
            seg_b=np.array(seg_b), seg_m=np.array(seg_m), n=len(pb.muscles),
            springs=np.array([m.law == "spring" for m in pb.muscles]),
            k=np.array([float(m.params["stiffness"]) if m.law == "spring" else 0.0 for m in pb.muscles]),
            L0=np.array([float(m.params["rest_length"]) if m.law == "spring" else 0.0 for m in pb.muscles]),
            hill=[(i, HillLaw(m.params)) for i, m in enumerate(pb.muscles) if m.law == "hill"])
        geo["body_idx"] = np.nonzero(geo["is_body"])[0]
        return geo

    @staticmethod
    def pose(pb: Problem, z: np.ndarray):
        return pb.p0 + z[:3], rot_exp(z[3:]) @ pb.R0, left_jacobian(z[3:])

    @staticmethod
    def lengths(pb, geo, p, R):
        X = geo["pts"].copy()
        bi = geo["body_idx"]
        X[bi] = p + geo["pts"][bi] @ R.T
        d = X[geo["seg_b"]] - X[geo["seg_a"]]
        l = np.sqrt(np.einsum("ij,ij->i", d, d))
        L = np.bincount(geo["seg_m"], l, minlength=geo["n"])
        return X, d / l[:, None], L

    @staticmethod
    def tensions(geo, L):
        stretch = np.maximum(0.0, L - geo["L0"])
        T = np.where(geo["springs"], geo["k"] * stretch, 0.0)
        V = np.where(geo["springs"], 0.5 * geo["k"] * stretch ** 2, 0.0)
        for i, h in geo["hill"]:
            T[i], V[i] = h.tension_potential(L[i])
        return T, V

    def energy(self, pb, geo, z):
        p, R, J = self.pose(pb, z)
        X, u, L = self.lengths(pb, geo, p, R)
        T, V = self.tensions(geo, L)
        t = T[geo["seg_m"]][:, None] * u
        g = np.zeros_like(X)
        np.add.at(g, geo["seg_b"], t)
        np.add.at(g, geo["seg_a"], -t)
        bi = geo["body_idx"]
        gb = g[bi]
        arms = X[bi] - p
        force = gb.sum(axis=0)
        torque = np.cross(arms, gb).sum(axis=0)
        U = V.sum()
        rc = R @ pb.com
        U -= pb.mass * pb.gravity @ (p + rc)
        force -= pb.mass * pb.gravity
        torque += np.cross(rc, -pb.mass * pb.gravity)
        for _, b, F in pb.loads:
            rb = R @ b
            U -= F @ (p + rb)
            force -= F
            torque += np.cross(rb, -F)
        return U, np.concatenate([force, J.T @ torque])

    def constraint_dicts(self, pb):
        cons = []

        def point_of(c, z):
            p, R, J = self.pose(pb, z)
            r = R @ c["body_point"]
            return p + r, r, J

        def jac_row(r, J, gx):
            return np.concatenate([gx, J.T @ np.cross(r, gx)])

        for c in pb.constraints:
            kind = c["type"]
            if kind == "point":
                def f(z, c=c):
                    return point_of(c, z)[0] - c["ground_point"]

                def j(z, c=c):
                    _, r, J = point_of(c, z)
                    return np.array([jac_row(r, J, e) for e in np.eye(3)])

                cons.append({"type": "eq", "fun": f, "jac": j})
            elif kind == "distance":
                def f(z, c=c):
                    return np.array([np.linalg.norm(point_of(c, z)[0] - c["ground_point"]) - c["length"]])

                def j(z, c=c):
                    x, r, J = point_of(c, z)
                    d = x - c["ground_point"]
                    return jac_row(r, J, d / np.linalg.norm(d))[None, :]

                cons.append({"type": "eq", "fun": f, "jac": j})
            elif kind == "ellipsoid":
                # Radial distance from the surface, positive outside: s = n − n/ρ,
                # n = |x − c|, ρ = |(x − c)/radii|.
                def f(z, c=c):
                    d = point_of(c, z)[0] - c["center"]
                    n = np.linalg.norm(d)
                    return np.array([n - n / np.linalg.norm(d / c["radii"])])

                def j(z, c=c):
                    x, r, J = point_of(c, z)
                    d = x - c["center"]
                    n = np.linalg.norm(d)
                    w = 1.0 / c["radii"] ** 2
                    rho = math.sqrt(d @ (w * d))
                    gn = d / n
                    grho = w * d / rho
                    gx = gn - (gn / rho - grho * n / rho ** 2)
                    return jac_row(r, J, gx)[None, :]

                cons.append({"type": "ineq" if c.get("unilateral") else "eq", "fun": f, "jac": j})
            else:
                raise ValueError(f"unknown constraint type {kind}")
        return cons

    def prepare(self, pb: Problem):
        """The problem as SLSQP takes it, built once (as a user solving many times would):
        geometry arrays, the energy with its gradient and the constraints. As a careful user
        would, the variables are scaled to metres (rotation vector × 0.05 m) and the energy
        by the summed muscle stiffness, so that SLSQP's initial identity Hessian is the
        right size."""
        geo = self.build(pb)
        cons = self.constraint_dicts(pb)
        stiffness = sum(float(m.params["stiffness"]) if m.law == "spring"
                        else HillLaw(m.params).fmax / HillLaw(m.params).lo for m in pb.muscles)
        su = 1.0 / max(stiffness, 1e-9)
        sz = np.array([1, 1, 1, 1 / ARM, 1 / ARM, 1 / ARM])  # z = sz * y

        def fun(y):
            U, g = self.energy(pb, geo, sz * y)
            return su * U, su * g * sz

        scaled = []
        for c in cons:
            scaled.append({"type": c["type"], "fun": (lambda y, f=c["fun"]: f(sz * y)),
                           "jac": (lambda y, j=c["jac"]: j(sz * y) * sz)})
        return pb, geo, fun, scaled, sz

    def solve_built(self, built):
        """SLSQP from the reference pose; the tensions there."""
        from scipy.optimize import minimize

        pb, geo, fun, scaled, sz = built
        res = minimize(fun, np.zeros(6), jac=True, method="SLSQP", constraints=scaled,
                       options={"ftol": 1e-16, "maxiter": 1000})
        p, R, _ = self.pose(pb, sz * res.x)
        _, _, L = self.lengths(pb, geo, p, R)
        T, _ = self.tensions(geo, L)
        note = None if res.success else f"SLSQP: {res.message}"
        return {m.name: float(t) for m, t in zip(pb.muscles, T)}, note, res.nit


# ----------------------------------------------------------------------------------------
# Dynamic peers: shared choices (inertia, damping, rest)
# ----------------------------------------------------------------------------------------



def damping_estimate(pb: Problem) -> tuple[float, float]:
    """Near-critical damping for the free joint: translational c = 2 √(m K/3) (N s/m) and
    rotational c = 2 √(I K_r/3) (N m s/rad), from the springs' summed stiffness K and
    their stiffness-weighted squared lever arms K_r about the centre of mass at the
    reference pose -- the estimate a user would make before tuning."""
    K = Kr = 0.0
    com = pb.p0 + pb.R0 @ pb.com
    for m in pb.muscles:
        if m.law == "spring":
            k = float(m.params["stiffness"])
        else:
            h = HillLaw(m.params)
            k = h.fmax / h.lo
        for body, pt in m.path:
            if body:
                K += k
                Kr += k * float(np.sum((pb.p0 + pb.R0 @ pt - com) ** 2))
                break
    inertia = pb.mass * GYRATION_RADIUS ** 2
    return 2 * math.sqrt(pb.mass * K / 3), 2 * math.sqrt(inertia * max(Kr, 1e-12) / 3)


def spring_tensions(pb: Problem, lengths: dict) -> dict:
    return {m.name: float(m.params["stiffness"]) * max(0.0, lengths[m.name] - float(m.params["rest_length"]))
            for m in pb.muscles}


# ----------------------------------------------------------------------------------------
# OpenSim 4.6: FreeJoint, PathSprings, Manager until at rest
# ----------------------------------------------------------------------------------------


class OpenSimPeer:
    name = "OpenSim"

    def __init__(self, rest_speed: float, accuracy: float):
        import opensim as osim

        self.osim = osim
        try:
            osim.Logger.setLevelString("error")
        except Exception:
            pass
        self.version = f"OpenSim {osim.GetVersion()}"
        self.rest_speed = rest_speed
        self.accuracy = accuracy

    def unsupported(self, pb: Problem) -> str | None:
        reasons = []
        if any(m.law != "spring" for m in pb.muscles):
            reasons.append("Hill muscles (OpenSim's Thelen2003Muscle and Millard2012 muscles have their own "
                           "curves, a minimum activation and no cut-off: not the same law; PathSpring is a spring)")
        if any(c["type"] == "ellipsoid" for c in pb.constraints):
            reasons.append("ellipsoid constraints (no point-on-ellipsoid constraint in OpenSim; "
                           "ScapulothoracicJoint is a different parametrisation)")
        return "; ".join(reasons) or None

    def build(self, pb: Problem):
        osim = self.osim
        from scipy.spatial.transform import Rotation

        model = osim.Model()
        model.setName(pb.name)
        model.setGravity(osim.Vec3(*pb.gravity))
        inertia = pb.mass * GYRATION_RADIUS ** 2
        body = osim.Body("scapula", pb.mass, osim.Vec3(*pb.com), osim.Inertia(inertia, inertia, inertia))
        model.addBody(body)
        # Parent frame at the reference pose, so that zero coordinates are the reference pose.
        euler = Rotation.from_matrix(pb.R0).as_euler("XYZ")  # body-fixed X-Y-Z, as OpenSim frames
        joint = osim.FreeJoint("free", model.getGround(), osim.Vec3(*pb.p0), osim.Vec3(*euler),
                               body, osim.Vec3(0, 0, 0), osim.Vec3(0, 0, 0))
        model.addJoint(joint)
        springs = []
        for m in pb.muscles:
            s = osim.PathSpring(m.name, float(m.params["rest_length"]), float(m.params["stiffness"]), 0.0)
            path = s.updGeometryPath()
            for k, (on_body, pt) in enumerate(m.path):
                frame = body if on_body else model.getGround()
                path.appendNewPathPoint(f"{m.name}_p{k}", frame, osim.Vec3(*pt))
            model.addForce(s)
            springs.append(s)
        ct, cr = damping_estimate(pb)
        coords = []
        for i in range(joint.numCoordinates()):
            c = joint.get_coordinates(i)
            rotational = c.getMotionType() == osim.Coordinate.Rotational
            coords.append(rotational)
            damper = osim.SpringGeneralizedForce(c.getName())
            damper.setName(f"damping_{c.getName()}")
            damper.setStiffness(0.0)
            damper.setRestLength(0.0)
            damper.setViscosity(cr if rotational else ct)
            model.addForce(damper)
        for name, b, F in pb.loads:
            pf = osim.PrescribedForce(name, body)
            pf.setForceFunctions(osim.Constant(F[0]), osim.Constant(F[1]), osim.Constant(F[2]))
            pf.setPointFunctions(osim.Constant(b[0]), osim.Constant(b[1]), osim.Constant(b[2]))
            pf.setForceIsInGlobalFrame(True)
            pf.setPointIsInGlobalFrame(False)
            model.addForce(pf)
        for c in pb.constraints:
            if c["type"] == "point":
                k = osim.PointConstraint(model.getGround(), osim.Vec3(*c["ground_point"]),
                                         body, osim.Vec3(*c["body_point"]))
            else:  # distance
                k = osim.ConstantDistanceConstraint(model.getGround(), osim.Vec3(*c["ground_point"]),
                                                    body, osim.Vec3(*c["body_point"]), float(c["length"]))
            k.setName(c["name"])
            model.addConstraint(k)
        model.finalizeConnections()
        # Built once: initSystem (about 0.7 ms) is set-up, as Taut's solver construction is;
        # each solve starts from a copy of the initial state.
        initial = model.initSystem()
        return model, springs, np.array(coords), initial

    def solve_built(self, built, max_time: float = 120.0):
        osim = self.osim
        model, springs, rotational, initial = built
        state = osim.State(initial)
        manager = osim.Manager(model)
        manager.setIntegratorAccuracy(self.accuracy)
        state.setTime(0.0)
        manager.initialize(state)
        t, chunk, note = 0.0, 0.02, None
        lever = np.where(rotational, GYRATION_RADIUS, 1.0)
        while True:
            t += chunk
            state = manager.integrate(t)
            u = np.array([state.getU().get(i) for i in range(state.getNU())])
            if np.max(np.abs(u) * lever) < self.rest_speed:
                break
            if t > max_time:
                note = f"not at rest after {max_time:g} s (speed {np.max(np.abs(u) * lever):.1e} m/s)"
                break
        model.realizeVelocity(state)
        return {s.getName(): s.getTension(state) for s in springs}, note, t


# ----------------------------------------------------------------------------------------
# MuJoCo: free body, spatial tendons with a [0, L0] spring dead band, stepped until at rest
# ----------------------------------------------------------------------------------------


class MujocoPeer:
    name = "MuJoCo"
    SOLIMP = "0.9999 0.9999 0.001 0.5 2"  # near-hard equality constraints
    SOLREF = "0.002 1"                     # time constant 2 timesteps

    def __init__(self, rest_speed: float, timestep: float):
        import mujoco

        self.mj = mujoco
        self.version = f"MuJoCo {mujoco.__version__}"
        self.rest_speed = rest_speed
        self.timestep = timestep

    def unsupported(self, pb: Problem) -> str | None:
        reasons = []
        if any(m.law != "spring" for m in pb.muscles):
            reasons.append("Hill muscles (MuJoCo's muscle actuator has its own force-length curves: not the same law)")
        if any(c["type"] == "ellipsoid" for c in pb.constraints):
            reasons.append("ellipsoid constraints (no point-on-surface equality in MuJoCo; contacts are "
                           "unilateral and soft)")
        return "; ".join(reasons) or None

    def build(self, pb: Problem):
        mj = self.mj
        f = lambda v: " ".join(f"{x:.17g}" for x in v)
        quat = np.zeros(4)
        mj.mju_mat2Quat(quat, pb.R0.flatten())
        inertia = pb.mass * GYRATION_RADIUS ** 2
        world_sites, body_sites, tendons, equalities = [], [], [], []
        for i, m in enumerate(pb.muscles):
            refs = []
            for k, (on_body, pt) in enumerate(m.path):
                nm = f"m{i}_{k}"
                (body_sites if on_body else world_sites).append(f'<site name="{nm}" pos="{f(pt)}"/>')
                refs.append(f'<site site="{nm}"/>')
            tendons.append(
                f'<spatial name="{m.name}" stiffness="{float(m.params["stiffness"]):.17g}" '
                f'springlength="0 {float(m.params["rest_length"]):.17g}">{"".join(refs)}</spatial>')
        for j, c in enumerate(pb.constraints):
            g, b = f"c{j}_ground", f"c{j}_body"
            world_sites.append(f'<site name="{g}" pos="{f(c["ground_point"])}"/>')
            body_sites.append(f'<site name="{b}" pos="{f(c["body_point"])}"/>')
            soft = f'solimp="{self.SOLIMP}" solref="{self.SOLREF}"'
            if c["type"] == "point":
                equalities.append(f'<connect name="{c["name"]}" site1="{b}" site2="{g}" {soft}/>')
            else:  # distance: a fixed-length tendon
                tendons.append(f'<spatial name="{c["name"]}"><site site="{g}"/><site site="{b}"/></spatial>')
                x0 = pb.p0 + pb.R0 @ c["body_point"]
                l0 = float(np.linalg.norm(x0 - c["ground_point"]))  # tendon length at qpos0
                equalities.append(f'<tendon name="{c["name"]}" tendon1="{c["name"]}" '
                                  f'polycoef="{float(c["length"]) - l0:.17g} 0 0 0 0" {soft}/>')
        xml = f"""<mujoco model="{pb.name}">
  <option gravity="{f(pb.gravity)}" timestep="{self.timestep}" integrator="implicitfast"/>
  <worldbody>
    {''.join(world_sites)}
    <body name="scapula" pos="{f(pb.p0)}" quat="{f(quat)}">
      <joint name="free" type="free" damping="1"/>
      <inertial pos="{f(pb.com)}" mass="{pb.mass:.17g}" diaginertia="{inertia} {inertia} {inertia}"/>
      {''.join(body_sites)}
    </body>
  </worldbody>
  <tendon>{''.join(tendons)}</tendon>
  <equality>{''.join(equalities)}</equality>
</mujoco>"""
        model = mj.MjModel.from_xml_string(xml)
        ct, cr = damping_estimate(pb)
        model.dof_damping[:3] = ct
        model.dof_damping[3:6] = cr
        body = model.body("scapula").id
        return model, body

    def solve_built(self, built, pb: Problem, max_time: float = 120.0):
        mj = self.mj
        model, body = built
        data = mj.MjData(model)
        chunk, note = 20, None
        lever = np.array([1, 1, 1, GYRATION_RADIUS, GYRATION_RADIUS, GYRATION_RADIUS])
        while True:
            if pb.loads:
                # xfrc_applied acts at the centre of mass: move each load there (force + couple).
                mj.mj_kinematics(model, data)
                R, p, c = data.xmat[body].reshape(3, 3), data.xpos[body], data.xipos[body]
                wrench = np.zeros(6)
                for _, b, F in pb.loads:
                    wrench[:3] += F
                    wrench[3:] += np.cross(p + R @ b - c, F)
                data.xfrc_applied[body] = wrench
            mj.mj_step(model, data, nstep=chunk)
            if np.max(np.abs(data.qvel) * lever) < self.rest_speed:
                break
            if data.time > max_time:
                note = f"not at rest after {max_time:g} s"
                break
        mj.mj_forward(model, data)
        lengths = {m.name: float(data.ten_length[i]) for i, m in enumerate(pb.muscles)}
        return spring_tensions(pb, lengths), note, data.time


# ----------------------------------------------------------------------------------------
# Timing
# ----------------------------------------------------------------------------------------


def median_time(fn, min_repeats: int, min_seconds: float, max_repeats: int) -> float:
    times = []
    start = time.perf_counter()
    while len(times) < max_repeats and (len(times) < min_repeats or time.perf_counter() - start < min_seconds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# ----------------------------------------------------------------------------------------
# Synthetic models (written as model files that taut reads)
# ----------------------------------------------------------------------------------------


class SplitMix64:
    """Taut's SyntheticModels generator (SplitMix64 with Swift's Double.random(in:))."""

    MASK = (1 << 64) - 1

    def __init__(self, seed: int):
        self.state = seed & self.MASK

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def uniform(self, a: float, b: float) -> float:
        while True:
            r = (b - a) * ((self.next() & ((1 << 53) - 1)) * 2.0 ** -53) + a
            if r != b:
                return r

    def unit(self) -> np.ndarray:
        while True:
            v = np.array([self.uniform(-1, 1) for _ in range(3)])
            n = math.sqrt(v @ v)
            if 0.1 < n <= 1:
                return v / n


def free_body_springs(count: int, seed: int):
    """As SyntheticModels.freeBody: springs from a 0.3 m sphere to body points near the origin."""
    rng = SplitMix64(seed)
    muscles = []
    for i in range(count):
        direction = rng.unit()
        ground = direction * 0.3
        local = direction * 0.05 + rng.unit() * 0.01
        length = float(np.linalg.norm(ground - local))
        k = rng.uniform(500, 2000)
        muscles.append({
            "name": f"m{i}", "group": "springs", "law": "spring", "stiffness": k,
            "rest_length": length * rng.uniform(0.8, 0.95),
            "path": [{"body": "thorax", "point": ground.tolist()}, {"body": "scapula", "point": local.tolist()}]})
    return muscles


def free_body_model(count: int, seed: int = 7) -> dict:
    return {
        "name": f"free-body-{count}",
        "description": f"{count} random pretensioned springs on a free body (as SyntheticModels.freeBody, seed {seed})",
        "source": "generated by scripts/compare_peers.py",
        "gravity": [0, -9.80665, 0],
        "scapula": {"mass": 0.5, "center_of_mass": [0, 0, 0],
                    "reference_pose": {"position": [0, 0, 0],
                                       "orientation_deg": {"protraction": 0, "lateral_rotation": 0, "posterior_tilt": 0}}},
        "muscles": free_body_springs(count, seed)}


def pinned_model() -> dict:
    """A ball joint (point constraint), ten springs, gravity and a load off the joint."""
    m = free_body_model(10, seed=11)
    m.update(name="pinned-10", description="ten springs on a body pinned by a ball joint, with a load")
    m["scapula"]["center_of_mass"] = [0.01, -0.02, 0.0]
    m["constraints"] = [{"name": "ball", "type": "point", "body_point": [0.0, 0.03, 0.02]}]
    m["loads"] = [{"name": "weight", "body_point": [0.02, -0.04, 0.03], "force": [5, -30, 10]}]
    return m


def strut_model() -> dict:
    """A distance constraint (strut), ten springs, gravity and a load."""
    m = free_body_model(10, seed=13)
    m.update(name="strut-10", description="ten springs on a body held off a ground point by a strut, with a load")
    m["scapula"]["center_of_mass"] = [0.0, -0.01, 0.01]
    m["constraints"] = [{"name": "strut", "type": "distance", "body_point": [0.03, 0.0, 0.0],
                         "ground_point": [0.15, 0.05, 0.0]}]
    m["loads"] = [{"name": "pull", "body_point": [-0.02, -0.03, 0.01], "force": [-10, -20, 5]}]
    return m


def glide_model() -> dict:
    """A small girdle-like model: clavicle strut, two gliding ellipsoids (one unilateral),
    Hill muscles (one pennate) and springs (one with a thorax via point), gravity and an arm load."""
    p0 = np.array([-0.05, 0.0, 0.12])
    base = np.array([0.10, 0.16, 0.10])

    def on_ellipsoid(local):
        x = p0 + np.asarray(local)
        rho = np.linalg.norm(x / base)
        return (base * rho).tolist()

    ts, ai = [-0.01, 0.0, -0.07], [-0.01, -0.10, -0.05]

    def hill(name, ground, local, fmax, act, pen=0.0, fibre=0.55):
        L = float(np.linalg.norm(p0 + np.asarray(local) - np.asarray(ground)))
        return {"name": name, "group": "hill", "law": "hill", "max_isometric_force": fmax,
                "optimal_fiber_length": fibre * L, "tendon_slack_length": 0.47 * L,
                "pennation_deg": pen, "activation": act,
                "path": [{"body": "thorax", "point": ground}, {"body": "scapula", "point": local}]}

    def spring(name, points, k, scale):
        return {"name": name, "group": "springs", "law": "spring", "stiffness": k,
                "rest_length_scale": scale, "path": points}

    muscles = [
        hill("serratus", [0.07, -0.08, 0.10], [-0.005, -0.09, -0.05], 300, 0.15, pen=10),
        hill("rhomboid", [-0.09, -0.03, 0.0], [-0.01, -0.05, -0.07], 250, 0.10),
        hill("trapezius_middle", [-0.10, 0.02, 0.0], [-0.01, 0.0, -0.04], 200, 0.10),
        hill("levator", [-0.05, 0.15, 0.03], [-0.01, 0.01, -0.07], 150, 0.05, pen=5),
        spring("serratus_upper", [{"body": "thorax", "point": [0.06, 0.02, 0.09]},
                                  {"body": "scapula", "point": [-0.005, 0.0, -0.065]}], 800, 0.85),
        spring("trapezius_upper", [{"body": "thorax", "point": [-0.07, 0.13, 0.02]},
                                   {"body": "scapula", "point": [0.0, 0.02, 0.0]}], 1200, 0.9),
        spring("pectoralis_minor", [{"body": "thorax", "point": [0.09, -0.06, 0.06]},
                                    {"body": "thorax", "point": [0.07, -0.01, 0.10]},
                                    {"body": "scapula", "point": [0.03, 0.0, 0.01]}], 900, 0.88),
    ]
    return {
        "name": "glide-7",
        "description": "clavicle strut, two gliding ellipsoids, four Hill muscles and three springs",
        "source": "generated by scripts/compare_peers.py",
        "gravity": [0, -9.80665, 0],
        "scapula": {"mass": 0.6, "center_of_mass": [-0.02, -0.04, -0.04],
                    "reference_pose": {"position": p0.tolist(),
                                       "orientation_deg": {"protraction": 0, "lateral_rotation": 0, "posterior_tilt": 0}}},
        "constraints": [
            {"name": "clavicle", "type": "distance", "body_point": [0.0, 0.02, 0.02], "ground_point": [0.02, 0.0, 0.02]},
            {"name": "ts_glide", "type": "ellipsoid", "body_point": ts, "center": [0, 0, 0],
             "radii": on_ellipsoid(ts), "unilateral": True},
            {"name": "ai_glide", "type": "ellipsoid", "body_point": ai, "center": [0, 0, 0],
             "radii": on_ellipsoid(ai)},
        ],
        "muscles": muscles,
        "loads": [{"name": "arm", "body_point": [0.0, -0.03, 0.01], "force": [0, -20, 0]}],
    }


# ----------------------------------------------------------------------------------------
# Comparison
# ----------------------------------------------------------------------------------------


@dataclass
class Item:
    """One model (one case) or one scenario (all its cases) to compare."""
    label: str
    taut_name: str  # what to pass to taut solve/bench
    cases: list  # [(case name, export arg model, export case or None)]


@dataclass
class Row:
    model: str
    peer: str
    skipped: str | None = None
    max_rel: float = 0.0
    max_abs: float = 0.0
    worst: str = ""
    peer_s: float = float("nan")
    cold_s: float = float("nan")
    warm_s: float = float("nan")
    notes: list = field(default_factory=list)
    tensions: int = 0


def compare_tensions(taut: dict, peer: dict, floor_fraction: float):
    """Largest difference: relative to the muscle's own Taut tension, floored at
    floor_fraction of the case's largest tension (so that a slack muscle's round-off
    does not read as an infinite relative error)."""
    floor = floor_fraction * max(max(taut.values()), 1e-12)
    worst = (0.0, 0.0, "")
    for name, t in taut.items():
        d = abs(peer[name] - t)
        rel = d / max(t, floor)
        if rel > worst[0]:
            worst = (rel, d, name)
    return worst


def fmt_time(s: float) -> str:
    if not math.isfinite(s):
        return "-"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if s >= scale:
            return f"{s / scale:.3g} {unit}"
    return f"{s:.2g} s"


def fmt_ratio(r: float) -> str:
    if not math.isfinite(r):
        return "-"
    return f"{r:,.0f}×" if r >= 10 else f"{r:.2g}×"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--taut", required=True, help="path to the taut executable (release build)")
    ap.add_argument("--peers", default="scipy,opensim,mujoco", help="comma-separated subset of scipy,opensim,mujoco")
    ap.add_argument("--only", default="", help="comma-separated labels to run (default: all)")
    ap.add_argument("--seconds", type=float, default=1.0, help="minimum seconds of repeats per peer timing")
    ap.add_argument("--bench-duration", type=float, default=0.3, help="taut bench --duration")
    ap.add_argument("--rest-speed", type=float, default=1e-8,
                    help="at rest: every speed below this (m/s; rotations times 0.05 m)")
    ap.add_argument("--opensim-accuracy", type=float, default=1e-9, help="OpenSim Manager integrator accuracy")
    ap.add_argument("--mujoco-timestep", type=float, default=1e-3, help="MuJoCo timestep (s)")
    ap.add_argument("--floor", type=float, default=0.01,
                    help="relative differences are taken against max(T, floor × largest T)")
    ap.add_argument("--tolerance", type=float, default=0.5, help="agreement target, %% (default 0.5)")
    ap.add_argument("--keep", help="directory to keep the generated model files in")
    ap.add_argument("--json", help="also write the rows as JSON to this file")
    args = ap.parse_args()

    taut = Taut(args.taut)
    workdir = args.keep or tempfile.mkdtemp(prefix="taut-peers-")
    os.makedirs(workdir, exist_ok=True)

    # What to compare: embedded models, embedded scenarios (every case), synthetic models.
    models, scenarios = taut.catalog()
    items: list[Item] = []
    for m in models:
        items.append(Item(m, m, [("baseline", m, None)]))
    for s in scenarios:
        cases = [c["name"] for c in taut.solve(s)["cases"]]
        items.append(Item(f"{s} ({len(cases)} cases)", s, [(c, s, c) for c in cases]))
    synthetic = [free_body_model(10), free_body_model(100), pinned_model(), strut_model(), glide_model()]
    for d in synthetic:
        path = os.path.join(workdir, f"{d['name']}.yaml")
        with open(path, "w") as fh:  # a model file, as a user would write one
            yaml.safe_dump(d, fh, sort_keys=False)
        items.append(Item(d["name"], path, [("baseline", path, None)]))
    if "shoulder-girdle" not in models:
        print("note: the embedded shoulder-girdle model is not in this build of taut; compared without it\n")
    if args.only:
        wanted = {w.strip() for w in args.only.split(",")}
        items = [it for it in items if it.label.split(" ")[0] in wanted]

    peers = []
    for key in [p.strip().lower() for p in args.peers.split(",") if p.strip()]:
        if key == "scipy":
            peers.append(ScipyPeer())
        elif key == "opensim":
            peers.append(OpenSimPeer(args.rest_speed, args.opensim_accuracy))
        elif key == "mujoco":
            peers.append(MujocoPeer(args.rest_speed, args.mujoco_timestep))
        else:
            ap.error(f"unknown peer {key}")

    rows: list[Row] = []
    for it in items:
        print(f"· {it.label}", file=sys.stderr, flush=True)
        solved = {c["name"]: c for c in taut.solve(it.taut_name)["cases"]}
        bench = {r["case"]: r for r in taut.bench(it.taut_name, args.bench_duration)["results"]}
        problems = []
        for case, model_arg, case_arg in it.cases:
            pb = problem_from_export(taut.export(model_arg, case_arg))
            tt = {m["name"]: float(m["tension_n"]) for m in solved[case]["muscles"]}
            b = bench.get(case) or (next(iter(bench.values())) if len(bench) == 1 else None)
            problems.append((case, pb, tt, solved[case], b))
        cold = statistics.mean(b["cold_solve_s"] for *_, b in problems)
        warm = statistics.mean(b["warm_solve_s"] for *_, b in problems)
        for peer in peers:
            row = Row(it.label, peer.name, cold_s=cold, warm_s=warm)
            rows.append(row)
            reason = next((r for r in (peer.unsupported(pb) for _, pb, *_ in problems) if r), None)
            if reason:
                row.skipped = reason
                continue
            times = []
            for case, pb, tt, sol, _ in problems:
                if not sol.get("converged", True):
                    row.notes.append(f"{case}: Taut did not converge")
                if isinstance(peer, ScipyPeer):
                    built = peer.prepare(pb)
                    T, note, _ = peer.solve_built(built)
                    times.append(median_time(lambda: peer.solve_built(built), 5, args.seconds, 200))
                elif isinstance(peer, OpenSimPeer):
                    built = peer.build(pb)
                    T, note, _ = peer.solve_built(built)
                    times.append(median_time(lambda: peer.solve_built(built), 3, args.seconds, 20))
                else:
                    built = peer.build(pb)
                    T, note, _ = peer.solve_built(built, pb)
                    times.append(median_time(lambda: peer.solve_built(built, pb), 3, args.seconds, 50))
                if note:
                    row.notes.append(f"{case}: {note}")
                rel, d, name = compare_tensions(tt, T, args.floor)
                row.tensions += len(tt)
                if rel >= row.max_rel:
                    row.max_rel, row.max_abs = rel, d
                    row.worst = name if len(problems) == 1 else f"{name} in '{case}'"
            row.peer_s = statistics.mean(times)

    # ---- table
    versions = ", ".join(p.version for p in peers)
    print(f"Taut vs peers -- {versions}")
    print(f"machine: {machine()}")
    print(f"Times: wall time per equilibrium, median of repeats (a scenario: mean over its cases), set-up "
          f"excluded for every tool (SciPy's arrays and functions, OpenSim's initSystem, MuJoCo's MjModel, "
          f"Taut's solver are built once); Taut from `taut bench` (cold: from the reference pose, as the "
          f"peers; warm: from a neighbouring equilibrium). ΔT: largest tension difference, relative to the muscle's Taut tension "
          f"(floored at {args.floor:g} × the largest), and in newtons.\n")
    headers = ["model", "peer", "tensions", "max ΔT %", "max ΔT N", "peer time", "Taut cold", "Taut warm",
               "peer/cold", "peer/warm", "agree"]
    table = []
    for r in rows:
        if r.skipped:
            table.append([r.model, r.peer, "-", "skipped", "", "", fmt_time(r.cold_s), fmt_time(r.warm_s), "", "", ""])
            continue
        ok = r.max_rel * 100 <= args.tolerance and not r.notes
        table.append([r.model, r.peer, str(r.tensions), f"{100 * r.max_rel:.2g}", f"{r.max_abs:.1e}",
                      fmt_time(r.peer_s), fmt_time(r.cold_s), fmt_time(r.warm_s),
                      fmt_ratio(r.peer_s / r.cold_s), fmt_ratio(r.peer_s / r.warm_s), "yes" if ok else "NO"])
    widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(headers)]
    right = {2, 3, 4, 5, 6, 7, 8, 9}

    def line(cells):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    print(line(headers))
    print("  ".join("─" * w for w in widths))
    for cells in table:
        print(line(cells))
    print()
    for r in rows:
        if r.skipped:
            print(f"skipped {r.model} × {r.peer}: {r.skipped}")
    for r in rows:
        for n in r.notes:
            print(f"note {r.model} × {r.peer}: {n}")
        if not r.skipped and r.max_rel * 100 > args.tolerance:
            print(f"DISAGREE {r.model} × {r.peer}: {100 * r.max_rel:.3g} % on {r.worst}")

    # ---- targets
    print()
    compared = [r for r in rows if not r.skipped]
    agree = all(r.max_rel * 100 <= args.tolerance and not r.notes for r in compared)
    print(f"agreement within {args.tolerance:g} % on every expressible tension: {'yes' if agree else 'NO'}")
    for peer, target in (("SciPy", 100), ("OpenSim", 1000), ("MuJoCo", None)):
        rs = [r for r in compared if r.peer == peer]
        if not rs:
            continue
        ratios = sorted(r.peer_s / r.cold_s for r in rs)
        text = f"Taut vs {peer}: {fmt_ratio(ratios[0])} to {fmt_ratio(ratios[-1])} faster (cold)"
        if target:
            missed = [r.model for r in rs if r.peer_s / r.cold_s < target]
            text += f"; target {target:,}×: met on {len(rs) - len(missed)} of {len(rs)} models"
            if missed:
                text += f" (not on {', '.join(missed)})"
        print(text)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump([r.__dict__ for r in rows], fh, indent=1)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
