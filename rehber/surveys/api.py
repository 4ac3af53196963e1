from ninja import Router

from rehber.surveys.analysis.api import router as published_router

router = Router(tags=["surveys"])
router.add_router("", published_router)
