"""Use cases of the case register: dossiers, members, plan of action, warm handovers, work lists and
handover packs, and the plain data they return."""
